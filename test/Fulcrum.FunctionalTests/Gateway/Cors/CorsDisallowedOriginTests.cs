using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>
/// An actual request from an origin the policy does not allow is still forwarded (the browser is what enforces
/// CORS), but without any grant: one the destination sent is removed, so only the gateway's policy grants access.
/// </summary>
public sealed class CorsDisallowedOriginTests
{
    [Fact]
    public async Task Get_DisallowedOrigin_ForwardedWithoutAnyGrant()
    {
        var seen = 0;
        await using var backend = await InlineBackend.StartAsync(context =>
        {
            Interlocked.Increment(ref seen);
            context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin;
            context.Response.Headers.AccessControlAllowCredentials = "true";
            return context.Response.WriteAsync("ok");
        });
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { policies: [web-cors], cluster: pool }
            clusters:
              pool: { destinations: { d1: { address: "{{backend.Address}}" } } }
            policies:
              web-cors: { type: cors, allowOrigins: ["https://app.example.com"] }
            """);

        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url() + "/items") { Content = new StringContent("x") };
        request.Headers.Add("Origin", "https://evil.test");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, seen);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }
}
