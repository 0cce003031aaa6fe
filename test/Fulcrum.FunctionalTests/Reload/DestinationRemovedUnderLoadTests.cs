using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// A destination removed from the config under load (the config-side drain): requests in flight on it finish, no
/// request fails, and once the reload is applied it receives nothing more; added back, it serves again.
/// </summary>
public sealed class DestinationRemovedUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_DestinationRemovedUnderLoad_NoFailuresNothingMoreToIt()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", b1, b2));
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 6, maxRequests: 30_000, maxDuration: TimeSpan.FromSeconds(30));
        load.Start();
        await Wait.UntilAsync(() => b2.Requests >= 300, "b2 takes load");
        var slow = gateway.Client.GetAsync(gateway.Url() + "/slow?ms=800");
        await Wait.UntilAsync(() => gateway.Runtime.Clusters["pool"].Destinations.Values.Sum(d => d.InFlight) > 0, "a slow request is in flight");

        var removed = await gateway.ReloadAsync(Yaml.SingleCluster("", b1));
        Assert.True(removed.Succeeded, string.Join("\n", removed.Errors));
        var b2AtRemoval = b2.Requests;
        var totalAtRemoval = load.Total;
        await Wait.UntilAsync(() => load.Total >= totalAtRemoval + 2_000, "2,000 requests after the removal");
        var b2AfterRemoval = b2.Requests - b2AtRemoval;

        var restored = await gateway.ReloadAsync(Yaml.SingleCluster("", b1, b2));
        Assert.True(restored.Succeeded);
        var b2AtRestore = b2.Requests;
        await Wait.UntilAsync(() => b2.Requests > b2AtRestore + 100, "b2 serves again once added back");
        await load.StopAsync();
        using var slowResponse = await slow;

        output.WriteLine($"R3 destination removed under load: failed {load.Failures.Count} of {load.Total}; requests to it after removal {b2AfterRemoval} (at most the {6} in flight)");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(b2AfterRemoval <= 6, $"b2 got {b2AfterRemoval} requests after it was removed");
        Assert.Equal(200, (int)slowResponse.StatusCode);
    }
}
