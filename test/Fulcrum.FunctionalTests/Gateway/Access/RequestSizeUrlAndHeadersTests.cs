using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>A route can hold URLs and headers to tighter limits than the listener's: 414 and 431, nothing forwarded.</summary>
public sealed class RequestSizeUrlAndHeadersTests
{
    [Fact]
    public async Task Get_UrlOrHeadersOverRouteLimits_414And431()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { policies: [tight], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              tight: { type: requestSize, maxUrlLength: 256, maxHeadersSize: 1KiB }
            """);

        using var longUrl = await gateway.Client.GetAsync(gateway.Url() + "/search?q=" + new string('a', 300));
        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/x");
        bigHeaders.Headers.Add("X-Padding", new string('b', 2000));
        using var bigHeadersResponse = await gateway.Client.SendAsync(bigHeaders);
        using var fine = await gateway.Client.GetAsync(gateway.Url() + "/search?q=short");

        Assert.Equal(414, (int)longUrl.StatusCode);
        Assert.Equal("{\"error\":\"request URL too long\",\"limit\":256,\"status\":414}\n", await longUrl.Content.ReadAsStringAsync());
        Assert.Equal(431, (int)bigHeadersResponse.StatusCode);
        Assert.Equal(200, (int)fine.StatusCode);
        Assert.Equal(["/search"], backend.Received.Select(r => r.Path));
    }
}
