using Fulcrum.FunctionalTests.Forwarding.Http1;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// A reload that changes a lean cluster's <c>http</c> settings while requests are in flight: the destination gets one
/// new pool with the new settings, and requests still on the old snapshot finish on the old pool, which is retired (it
/// still connects) instead of disposed under them, and the two pools share the destination's connection limit. No request
/// fails, and the pool is not rebuilt back and forth.
/// </summary>
public sealed class Http1PoolAcrossSettingsReloadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_HttpChangedWhileRequestWaitsForSlot_WaitingRequestServedOnOldPoolLimitHeld()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await SpyBackend.StartAsync("d1");
        backend.Hold = request => request.Target == "/held" ? gate.Task : Task.CompletedTask;
        static string Config(SpyBackend backend, string connectTimeout) =>
            LeanPath.Config(backend.Address, $"maxConnectionsPerDestination: 1, connectTimeout: {connectTimeout}");
        await using var gateway = await TestGateway.StartAsync(Config(backend, "5s"));
        var destination = gateway.Runtime.Clusters["pool"].Destinations["d1"];

        // The held request takes the only slot of the old pool; the queued one waits for it, holding that pool.
        var held = gateway.Client.GetAsync(gateway.Url() + "/held");
        await Wait.UntilAsync(() => backend.PendingRequests == 1, "the held request occupies the destination's only connection");
        var queued = gateway.Client.GetAsync(gateway.Url() + "/queued");
        await Wait.UntilAsync(() => destination.InFlight == 2, "the queued request waits for the slot");
        var oldPool = LeanPath.Pool(gateway);

        var reload = await gateway.ReloadAsync(Config(backend, "4s"));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        // A request on the new snapshot gets the new pool, which shares the destination's one slot with the old one.
        var fresh = gateway.Client.GetAsync(gateway.Url() + "/fresh");
        await Wait.UntilAsync(() => destination.InFlight == 3, "the request after the reload waits for the same slot");
        var newPool = LeanPath.Pool(gateway);
        var freshBeforeTheSlotFreed = fresh.IsCompleted;
        gate.SetResult();
        using var heldResponse = await held;
        // Its slot comes free on the old pool, which the new settings replaced: it must still connect.
        using var queuedResponse = await queued;
        using var freshResponse = await fresh;

        Assert.False(freshBeforeTheSlotFreed, "the limit of one connection held across the reload");
        Assert.Equal(200, (int)freshResponse.StatusCode);
        Assert.Equal(200, (int)heldResponse.StatusCode);
        Assert.Equal(200, (int)queuedResponse.StatusCode);
        Assert.NotSame(oldPool, newPool);
        Assert.Equal(TimeSpan.FromSeconds(4), newPool!.Settings.ConnectTimeout);
        Assert.Same(newPool, LeanPath.Pool(gateway));
    }

    [Fact]
    public async Task Reload_HttpChangedRepeatedlyUnderLoad_NoFailedRequestsPoolFollowsNewSettings()
    {
        await using var backend = await TestBackend.StartAsync("d1");
        // At 4 connections for 8 workers, requests always wait for a slot on the pool they took before a reload.
        string Config(int i) => LeanPath.Config(backend.Address, $"maxConnectionsPerDestination: 4, connectTimeout: {5 - (i % 2)}s");
        await using var gateway = await TestGateway.StartAsync(Config(0));
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/slow?ms=2", workers: 8, maxRequests: 50_000, maxDuration: TimeSpan.FromSeconds(60));
        load.Start();
        await load.UntilAsync(() => load.Succeeded >= 200, "load is running");
        var pools = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var i = 1; i <= 10; i++)
        {
            var result = await gateway.ReloadAsync(Config(i));
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            var before = load.Total;
            await load.UntilAsync(() => load.Total >= before + 100, $"100 requests after reload {i}");
            var pool = LeanPath.Pool(gateway)!;
            Assert.Equal(TimeSpan.FromSeconds(5 - (i % 2)), pool.Settings.ConnectTimeout);
            pools.Add(pool);
        }

        await load.StopAsync();
        output.WriteLine($"10 reloads changing http.connectTimeout under load (8 workers, 4 connections): failed {load.Failures.Count} of {load.Total}; {pools.Count} distinct pools seen");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.Equal(10, pools.Count);
    }
}
