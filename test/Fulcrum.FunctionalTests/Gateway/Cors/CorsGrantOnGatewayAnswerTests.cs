using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>
/// With cors first on a route, a preflight is answered before later policies run, and an answer a later policy
/// writes itself (here ipFilter's 403) still carries the grant, so the page can read why it was refused.
/// </summary>
public sealed class CorsGrantOnGatewayAnswerTests
{
    [Fact]
    public async Task Get_LaterPolicyRefuses_RefusalCarriesGrantAndPreflightStillAnswered()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { policies: [web-cors, office], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              web-cors: { type: cors, allowOrigins: ["https://app.example.com"] }
              office: { type: ipFilter, allow: [10.0.0.0/8] }
            """);

        using var actual = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/items");
        actual.Headers.Add("Origin", "https://app.example.com");
        using var refused = await gateway.Client.SendAsync(actual);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, gateway.Url() + "/items");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var answered = await gateway.Client.SendAsync(preflight);

        Assert.Equal(403, (int)refused.StatusCode);
        Assert.Equal("https://app.example.com", Assert.Single(refused.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal(204, (int)answered.StatusCode);
        Assert.Equal(0, backend.Requests);
    }
}
