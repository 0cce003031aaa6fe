using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>An allowed preflight is answered by the gateway with 204 and the grant; the destination never sees it.</summary>
public sealed class CorsPreflightTests
{
    [Fact]
    public async Task Options_AllowedPreflight_204AtGatewayNeverForwarded()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { policies: [web-cors], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              web-cors:
                type: cors
                allowOrigins: ["https://app.example.com", "https://*.example.com"]
                allowMethods: [GET, POST, PUT, DELETE]
                allowHeaders: [Content-Type, Authorization]
                allowCredentials: true
                maxAge: 10m
            """);

        using var request = new HttpRequestMessage(HttpMethod.Options, gateway.Url() + "/items/7");
        request.Headers.Add("Origin", "https://shop.example.com");
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("https://shop.example.com", Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(response, "Access-Control-Allow-Credentials"));
        Assert.Equal("PUT", Single(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type,authorization", Single(response, "Access-Control-Allow-Headers"));
        Assert.Equal("600", Single(response, "Access-Control-Max-Age"));
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Equal(0, backend.Requests);
    }

    private static string Single(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));
}
