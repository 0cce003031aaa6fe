using System.Security.Cryptography;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// After an apiKey policy, each consumer has its own limit whatever address it calls from; before it, a limit by
/// client address stops a client rotating invalid keys before any key is checked.
/// </summary>
public sealed class PartitionByConsumerTests
{
    [Fact]
    public async Task Get_TwoConsumersAndInvalidKeys_PerConsumerAndPerAddressLimits()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [per-address, keys, per-consumer], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-address:  { type: rateLimit, limit: 20, period: 1h }
              keys:         { type: apiKey, keys: [{ id: alice, sha256: "{{Sha256("alice-key")}}" }, { id: bob, sha256: "{{Sha256("bob-key")}}" }] }
              per-consumer: { type: rateLimit, limit: 3, period: 1h, partitionBy: consumer }
            """);
        var url = gateway.Url() + "/";
        using var elsewhere = LoopbackClient.Create("127.0.0.2");

        var alice = await RateLimitRequests.StatusesAsync(gateway.Client, url, 2, ("X-Api-Key", "alice-key"));
        var aliceElsewhere = await RateLimitRequests.StatusesAsync(elsewhere, url, 2, ("X-Api-Key", "alice-key"));
        var bob = await RateLimitRequests.StatusesAsync(gateway.Client, url, 4, ("X-Api-Key", "bob-key"));
        var invalid = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            invalid.AddRange(await RateLimitRequests.StatusesAsync(gateway.Client, url, 1, ("X-Api-Key", $"guess-{i}")));
        }

        Assert.Equal([200, 200], alice);
        Assert.Equal([200, 429], aliceElsewhere);
        Assert.Equal([200, 200, 200, 429], bob);
        // 127.0.0.1 made 6 requests above; the address limit of 20 leaves 14 guesses, then 429 before the key is read.
        Assert.Equal(Enumerable.Repeat(401, 14).Concat(Enumerable.Repeat(429, 6)), invalid);
    }

    private static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
