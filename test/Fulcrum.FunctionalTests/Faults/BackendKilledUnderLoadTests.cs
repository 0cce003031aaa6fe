using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// One of three raw-socket backends is killed under load (every connection reset, port closed) and later comes
/// back on the same port: no idempotent request fails, the dead destination is ejected, and afterwards the
/// gateway holds no more upstream connections than it has concurrent requests (nothing leaked by the resets).
/// </summary>
public sealed class BackendKilledUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_OneOfThreeKilledAndRestarted_NoFailuresNoLeakedConnections()
    {
        const int Workers = 8;
        await using var b1 = await SpyBackend.StartAsync("b1");
        await using var b2 = await SpyBackend.StartAsync("b2");
        await using var b3 = await SpyBackend.StartAsync("b3");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("""
            retries: { attempts: 2 }
            healthCheck: { passive: { consecutiveFailures: 1, ejectFor: 1s } }
            """, b1, b2, b3));

        // Bounded by time, not count: the restarted destination gets traffic only after its 1 s ejection, and a fast
        // gateway used to spend a 20,000 budget before then, which looked like a destination never re-admitted.
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: Workers, maxRequests: 1_000_000, maxDuration: TimeSpan.FromSeconds(30));
        load.Start();
        await Wait.UntilAsync(() => load.Total >= 1_000, "load is running");
        await b2.StopAsync();
        var killedAt = load.Total;
        await load.UntilAsync(() => load.Total >= killedAt + 2_000, "load continues past the kill", TimeSpan.FromSeconds(25));
        var whileDown = b2.RequestCount;
        await b2.RestartAsync();
        var restartedAt = load.Total;
        await load.UntilAsync(() => b2.RequestCount > whileDown, "the restarted backend serves again", TimeSpan.FromSeconds(20));
        await load.UntilAsync(() => load.Total >= restartedAt + 1_000, "load continues after the restart", TimeSpan.FromSeconds(25));
        await load.StopAsync();

        var open = new[] { b1.OpenConnections, b2.OpenConnections, b3.OpenConnections };
        output.WriteLine($"F1 kill/restart b2: failed {load.Failures.Count} of {load.Total}; open upstream connections after {string.Join("/", open)} (workers {Workers}); accepted {b1.AcceptedConnections}/{b2.AcceptedConnections}/{b3.AcceptedConnections}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        // Each destination's pool holds at most as many connections as requests were ever in flight to it at once
        // (Workers); more would be connections the resets left behind. A bound on the sum (Workers × 2) was wrong:
        // retries spread the workers over all three pools, and it failed once with 18 healthy pooled connections.
        Assert.All(open, count => Assert.True(count <= Workers, $"open upstream connections {string.Join("/", open)}"));
        Assert.All(new[] { b1, b3 }, b => Assert.True(b.AcceptedConnections <= Workers * 2, $"{b.Name} accepted {b.AcceptedConnections} connections: pooling broke"));
    }
}
