using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Routing;

/// <summary>A route's policies run in order on every request; the headers policy shows it end to end.</summary>
public sealed class HeadersPolicyTests
{
    [Fact]
    public async Task Get_RouteWithHeadersPolicies_RequestAndResponseChangedInOrder()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              tagged: { match: { pathPrefix: /tagged }, policies: [strip, tag], cluster: pool }
              plain: { match: { pathPrefix: / }, cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              strip: { type: headers, request: { remove: [X-Internal, X-Tier] } }
              tag:
                type: headers
                request: { set: { X-Tier: gold, X-Gateway: fulcrum } }
                response: { set: { X-Served-By: fulcrum }, remove: [Content-Type] }
            """);

        using var tagged = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/tagged");
        tagged.Headers.Add("X-Internal", "secret");
        tagged.Headers.Add("X-Tier", "free");
        using var response = await gateway.Client.SendAsync(tagged);
        using var plain = await gateway.Client.GetAsync(gateway.Url() + "/plain");

        Assert.True(b1.Received.TryDequeue(out var seen));
        Assert.False(seen.Headers.ContainsKey("X-Internal"));
        Assert.Equal("gold", seen.Headers["X-Tier"]);
        Assert.Equal("fulcrum", seen.Headers["X-Gateway"]);
        Assert.Equal("fulcrum", response.Headers.GetValues("X-Served-By").Single());
        Assert.Null(response.Content.Headers.ContentType);
        Assert.False(plain.Headers.Contains("X-Served-By"));
        Assert.NotNull(plain.Content.Headers.ContentType);
    }
}
