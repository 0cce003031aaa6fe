using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// Each time-based algorithm admits exactly its limit, then answers 429 with the draft's headers. The period is a
/// day so that neither a refill nor a window boundary can fall inside the test, however slow the machine.
/// </summary>
public sealed class LocalLimitAdmissionTests
{
    [Theory]
    [InlineData("tokenBucket")]
    [InlineData("fixedWindow")]
    [InlineData("slidingWindow")]
    public async Task Get_TenPerDay_TenAdmittedThen429WithHeaders(string algorithm)
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [per-client], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-client: { type: rateLimit, algorithm: {{algorithm}}, limit: 10, period: 1d }
            """);

        var answers = new List<Answer>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await RateLimitRequests.GetAsync(gateway.Client, gateway.Url() + "/a"));
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 10).Concat([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]), answers.Select(a => a.Status));
        Assert.Equal(10, b1.Requests);
        Assert.All(answers, a => Assert.Equal("\"per-client\";q=10;w=86400", a.Policy));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"r={9 - i}"), answers.Take(10).Select(a => a.Limit!.Split(';')[1]));
        var rejected = answers[10];
        Assert.InRange(rejected.RetryAfter!.Value, 1, 86_400);
        Assert.Equal($"\"per-client\";r=0;t={rejected.RetryAfter}", rejected.Limit);
        Assert.Equal($"{{\"error\":\"rate limit exceeded\",\"policy\":\"per-client\",\"retryAfter\":{rejected.RetryAfter},\"status\":429}}\n", rejected.Body);
    }
}
