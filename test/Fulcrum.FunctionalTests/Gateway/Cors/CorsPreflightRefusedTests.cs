using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>
/// A preflight the policy does not allow — origin, method or a requested header — gets 403 without any CORS header
/// (so the browser stops there), and is not forwarded either.
/// </summary>
public sealed class CorsPreflightRefusedTests
{
    [Theory]
    [InlineData("https://evil.test", "GET", null)]
    [InlineData("https://example.com", "GET", null)]
    [InlineData("https://app.example.com", "DELETE", null)]
    [InlineData("https://app.example.com", "POST", "x-secret")]
    [InlineData("https://app.example.com", "POST", "content-type, x-secret")]
    public async Task Options_DisallowedPreflight_403WithoutCorsHeadersNotForwarded(string origin, string method, string? headers)
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
              web-cors: { type: cors, allowOrigins: ["https://*.example.com"], allowMethods: [GET, POST], allowHeaders: [Content-Type] }
            """);

        using var request = new HttpRequestMessage(HttpMethod.Options, gateway.Url() + "/items");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("{\"error\":\"CORS preflight refused\",\"status\":403}\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, backend.Requests);
    }
}
