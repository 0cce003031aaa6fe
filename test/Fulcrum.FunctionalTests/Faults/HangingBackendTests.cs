using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A destination that accepts requests and never answers: alone, each request gets 504 at the cluster's request
/// timeout and the gateway closes the connection it waited on (none left open at the backend); beside a healthy
/// destination, retries and passive health hide it completely.
/// </summary>
public sealed class HangingBackendTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_OnlyDestinationHangs_504AtTimeoutNoConnectionLeft()
    {
        await using var hang = await SpyBackend.StartAsync("hang", ChaosMode.Hang);
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("http: { requestTimeout: 1s }", hang));

        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => gateway.Client.GetAsync(gateway.Url() + "/")));
        var elapsed = clock.Elapsed;

        Assert.All(responses, r => Assert.Equal(504, (int)r.StatusCode));
        Assert.True(elapsed >= TimeSpan.FromSeconds(0.9) && elapsed < TimeSpan.FromSeconds(5), $"answered after {elapsed}");
        Assert.Equal(10, hang.RequestCount);
        await Wait.UntilAsync(() => hang.OpenConnections == 0, "the gateway closed the connections it gave up on", TimeSpan.FromSeconds(10));
        output.WriteLine($"F3 hang alone: 10 of 10 got 504 after {elapsed.TotalSeconds:0.00}s (timeout 1s); connections left open at the backend 0");
    }

    [Fact]
    public async Task Get_OneOfTwoHangs_RetriedNoFailedRequests()
    {
        await using var hang = await SpyBackend.StartAsync("hang", ChaosMode.Hang);
        await using var healthy = await SpyBackend.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("""
            http: { requestTimeout: 500ms }
            retries: { attempts: 1 }
            healthCheck: { passive: { consecutiveFailures: 2, ejectFor: 30s } }
            """, hang, healthy));

        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 4, maxRequests: 2_000, maxDuration: TimeSpan.FromSeconds(20));
        load.Start();
        await Wait.UntilAsync(() => load.Total >= 2_000, "2,000 requests done", TimeSpan.FromSeconds(25));
        await load.StopAsync();

        output.WriteLine($"F3 hang beside healthy: failed {load.Failures.Count} of {load.Total}; hanging destination tried {hang.RequestCount} times before ejection");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.InRange(hang.RequestCount, 1, 10);
        await Wait.UntilAsync(() => hang.OpenConnections == 0, "no connection left waiting on the hanging destination", TimeSpan.FromSeconds(10));
    }
}
