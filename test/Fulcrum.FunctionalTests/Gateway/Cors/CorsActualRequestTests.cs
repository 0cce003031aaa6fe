using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>
/// An actual request from an allowed origin is forwarded and its response carries the gateway's grant, replacing
/// the CORS headers the destination sent; the destination's other Vary values are kept.
/// </summary>
public sealed class CorsActualRequestTests
{
    [Fact]
    public async Task Get_AllowedOrigin_GrantReplacesDestinationsCorsHeaders()
    {
        await using var backend = await InlineBackend.StartAsync(context =>
        {
            var headers = context.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlExposeHeaders = "X-Internal";
            headers.AccessControlAllowCredentials = "false";
            headers.Vary = "Accept-Encoding";
            headers["X-Request-Id"] = "r-1";
            return context.Response.WriteAsync($"origin seen: {context.Request.Headers.Origin}");
        });
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { policies: [web-cors], cluster: pool }
            clusters:
              pool: { destinations: { d1: { address: "{{backend.Address}}" } } }
            policies:
              web-cors:
                type: cors
                allowOrigins: ["https://app.example.com"]
                exposeHeaders: [X-Request-Id]
                allowCredentials: true
            """);

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/items");
        request.Headers.Add("Origin", "https://app.example.com");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("origin seen: https://app.example.com", await response.Content.ReadAsStringAsync());
        Assert.Equal("https://app.example.com", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Equal("X-Request-Id", Assert.Single(response.Headers.GetValues("Access-Control-Expose-Headers")));
        Assert.Equal(["Accept-Encoding", "Origin"], response.Headers.Vary.Order(StringComparer.Ordinal));
    }
}
