using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// Redis killed while the gateway runs: onStoreFailure decides (allow lets requests through unlimited, deny
/// answers 503 at once); when Redis is back the limit is counted there again.
/// </summary>
public sealed class RedisOutageTests
{
    [Theory]
    [InlineData("allow", HttpStatusCode.OK)]
    [InlineData("deny", HttpStatusCode.ServiceUnavailable)]
    public async Task Get_RedisKilledThenRestarted_StoreFailureRuleThenLimitAgain(string rule, HttpStatusCode whileDown)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [shared], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              shared: { type: rateLimit, limit: 3, period: 1h, scope: global, onStoreFailure: {{rule}} }
            stores:
              redis: { connection: "{{redis.Connection}}", timeout: 2s }   # generous: a busy CI box must not look like an outage
            """);
        var url = gateway.Url() + "/";
        await RateLimitRequests.StoreConnectedAsync(gateway, "api");

        var before = await RateLimitRequests.StatusesAsync(gateway.Client, url, 4);
        await redis.KillAsync();
        await Wait.UntilAsync(async () => (await RateLimitRequests.GetAsync(gateway.Client, url)).Limit is null, "the gateway sees Redis gone");
        var down = new List<Answer>();
        for (var i = 0; i < 10; i++)
        {
            down.Add(await RateLimitRequests.GetAsync(gateway.Client, url));
        }

        await redis.RestartAsync();
        // The restarted Redis has no state (no persistence): wait until answers carry its counts again.
        await Wait.UntilAsync(async () => (await RateLimitRequests.GetAsync(gateway.Client, url)).Limit is not null, "the gateway reconnects", TimeSpan.FromSeconds(20));
        var after = await RateLimitRequests.StatusesAsync(gateway.Client, url, 3);

        Assert.Equal([200, 200, 200, 429], before);
        Assert.All(down, a => Assert.Equal(whileDown, a.Status));
        Assert.All(down, a => Assert.Null(a.Limit));
        if (whileDown == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal("{\"error\":\"rate limit store unavailable\",\"policy\":\"shared\",\"status\":503}\n", down[0].Body);
            Assert.Equal(1, down[0].RetryAfter);
        }

        Assert.Contains(429, after);
    }
}
