using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>A request without Origin is not a CORS request: the policy leaves it and its response alone.</summary>
public sealed class CorsNonCorsRequestTests
{
    [Fact]
    public async Task Get_NoOrigin_RequestAndResponseUntouched()
    {
        await using var backend = await InlineBackend.StartAsync(context =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "https://backend-choice.test";
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

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/items");
        using var options = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Options, gateway.Url() + "/items"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("https://backend-choice.test", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Empty(response.Headers.Vary);
        Assert.Equal(200, (int)options.StatusCode);
    }
}
