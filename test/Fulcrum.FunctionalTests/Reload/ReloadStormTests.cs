using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// 100 reloads in a row, each changing the cluster's HTTP settings (a new upstream client) and its health checks (a
/// new probe loop): afterwards the process holds no more threads or file descriptors than before, give or take a
/// few, probes run at the configured rate rather than once per reload, and traffic is served by the last config.
/// </summary>
public sealed class ReloadStormTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_HundredTimes_NoLeakedThreadsHandlesOrProbeLoops()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        string Config(int i) => Yaml.SingleCluster($$"""
            http: { connectTimeout: {{1 + (i % 5)}}s }
            healthCheck: { active: { path: /healthz, interval: 200ms, timeout: 150ms } }
            """, backend);
        await using var gateway = await TestGateway.StartAsync(Config(0));
        using (await gateway.Client.GetAsync(gateway.Url() + "/"))
        {
        }

        var (threadsBefore, fdsBefore) = Resources();
        for (var i = 1; i <= 100; i++)
        {
            var result = await gateway.ReloadAsync(Config(i));
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        }

        using var answer = await gateway.Client.GetAsync(gateway.Url() + "/");
        var probesBefore = backend.HealthProbes;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Wait.UntilAsync(() => backend.HealthProbes >= probesBefore + 10, "ten more health probes");
        var probeRate = (backend.HealthProbes - probesBefore) / clock.Elapsed.TotalSeconds;
        var (threadsAfter, fdsAfter) = Resources();

        output.WriteLine($"R6 reload storm: 100 reloads; threads {threadsBefore} → {threadsAfter}, fds {fdsBefore} → {fdsAfter}; health probes {probeRate:0.0}/s (one loop at 200 ms: 5/s)");
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.Equal(101, gateway.Runtime.Generation);
        Assert.True(fdsAfter <= fdsBefore + 20, $"fds {fdsBefore} → {fdsAfter}");
        Assert.True(threadsAfter <= threadsBefore + 20, $"threads {threadsBefore} → {threadsAfter}");
        Assert.True(probeRate < 12, $"{probeRate:0.0} probes/s: retired configs' probe loops still run");
    }

    private static (int Threads, int Fds) Resources()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return (process.Threads.Count, Directory.GetFiles("/proc/self/fd").Length);
    }
}
