using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A destination that resets (or closes) the connection after reading the request, before any answer: an
/// idempotent request is retried on the other destination and succeeds; a POST is not retried (the backend may
/// have acted on it) and gets 502 after exactly one attempt; alone, a GET gets 502.
/// </summary>
public sealed class ResettingBackendTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ChaosMode.ResetBeforeHeaders)]
    [InlineData(ChaosMode.CloseBeforeHeaders)]
    public async Task Get_OneOfTwoFailsBeforeHeaders_RetriedNoFailedRequests(ChaosMode chaos)
    {
        await using var broken = await SpyBackend.StartAsync("broken", chaos);
        await using var healthy = await SpyBackend.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 1 }", broken, healthy));

        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 4, maxRequests: 3_000, maxDuration: TimeSpan.FromSeconds(20));
        load.Start();
        await Wait.UntilAsync(() => load.Total >= 3_000, "3,000 requests done", TimeSpan.FromSeconds(25));
        await load.StopAsync();

        output.WriteLine($"F4 {chaos} beside healthy: failed {load.Failures.Count} of {load.Total}; attempts on the broken destination {broken.RequestCount}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(broken.RequestCount > 100, $"the broken destination was tried {broken.RequestCount} times");
    }

    [Theory]
    [InlineData(ChaosMode.ResetBeforeHeaders)]
    [InlineData(ChaosMode.CloseBeforeHeaders)]
    public async Task Post_DestinationFailsBeforeHeaders_502AfterOneAttempt(ChaosMode chaos)
    {
        await using var broken = await SpyBackend.StartAsync("broken", chaos);
        await using var healthy = await SpyBackend.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 1 }\nloadBalancing: { policy: first }", broken, healthy));

        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.PostAsync(gateway.Url() + "/orders", new StringContent($"order {i}"));
            statuses.Add((int)response.StatusCode);
        }

        output.WriteLine($"F4 POST to {chaos}: statuses {string.Join(",", statuses.Distinct())}; attempts {broken.RequestCount} for 20 requests, retried elsewhere {healthy.RequestCount}");
        Assert.All(statuses, s => Assert.Equal(502, s));
        Assert.Equal(20, broken.RequestCount);
        Assert.Equal(0, healthy.RequestCount);
    }

    [Fact]
    public async Task Get_OnlyDestinationResets_502()
    {
        await using var broken = await SpyBackend.StartAsync("broken", ChaosMode.ResetBeforeHeaders);
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 2 }", broken));

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(1, broken.RequestCount);
    }
}
