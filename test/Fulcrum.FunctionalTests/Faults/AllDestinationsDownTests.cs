using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// Every destination of a cluster refuses connections (killed, ports closed): requests fail fast with a gateway
/// error rather than hanging, retries are bounded (no more connection attempts than 1 + retries per request), and
/// once passive health has ejected them all the gateway answers 503 without trying at all.
/// </summary>
public sealed class AllDestinationsDownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_EveryDestinationRefuses_FastErrorsBoundedAttempts()
    {
        await using var b1 = await SpyBackend.StartAsync("b1");
        await using var b2 = await SpyBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("""
            retries: { attempts: 1 }
            healthCheck: { passive: { consecutiveFailures: 3, ejectFor: 1m } }
            """, b1, b2));
        await b1.StopAsync();
        await b2.StopAsync();

        var statuses = new List<int>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
            statuses.Add((int)response.StatusCode);
        }

        var perRequest = clock.Elapsed / 50;
        var attempts = gateway.Runtime.Clusters["pool"].Destinations.Values.Sum(d => d.Requests);
        output.WriteLine($"F5 all destinations down: statuses {string.Join(",", statuses.Distinct())}; {perRequest.TotalMilliseconds:0.0} ms per request; upstream attempts {attempts} for 50 requests");
        Assert.All(statuses, s => Assert.True(s is 502 or 503, $"answered {s}"));
        Assert.Equal(503, statuses[^1]);
        Assert.True(perRequest < TimeSpan.FromMilliseconds(200), $"{perRequest} per request");
        Assert.True(attempts <= 6, $"{attempts} upstream attempts: passive health should have ejected both after 3 failures each");
    }
}
