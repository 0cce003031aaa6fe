using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// A request in flight across a reload that removes its cluster (and so its destinations) finishes on its snapshot:
/// d1 holds it, then resets it, and the retry goes to d2, which the old snapshot still lists though the reload closed
/// its lean-path pool. Nothing is left behind: neither destination has a pool afterwards, and both backends see their
/// upstream connections closed (a pool made after the close would keep an idle connection and a sweep timer forever).
/// </summary>
public sealed class Http1PoolOfRemovedDestinationTests
{
    private static string Config(string cluster, params SpyBackend[] backends) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          all: { match: { pathPrefix: / }, cluster: {{cluster}} }
        clusters:
          {{cluster}}:
            loadBalancing: { policy: first }
            retries: { attempts: 1 }
            http: { forwarder: lean }
            destinations: {{Yaml.Destinations(backends)}}
        """;

    [Fact]
    public async Task Reload_DestinationsRemovedWhileRequestHeld_RequestCompletesNoPoolLeft()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var d1 = await SpyBackend.StartAsync("d1", ChaosMode.ResetBeforeHeaders);
        await using var d2 = await SpyBackend.StartAsync("d2");
        await using var d3 = await SpyBackend.StartAsync("d3");
        d1.Hold = _ => gate.Task;
        await using var gateway = await TestGateway.StartAsync(Config("old", d1, d2));
        var removed = gateway.Runtime.Clusters["old"].Destinations;
        var (first, second) = (removed["d1"], removed["d2"]);

        var held = gateway.Client.GetAsync(gateway.Url() + "/held");
        await Wait.UntilAsync(() => d1.PendingRequests == 1, "d1 holds the request");
        var reload = await gateway.ReloadAsync(Config("new", d3));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        gate.SetResult();
        using var response = await held;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("d2", await response.Content.ReadAsStringAsync());
        await Wait.UntilAsync(() => d1.OpenConnections == 0 && d2.OpenConnections == 0, "the removed destinations' upstream connections are closed");
        Assert.Null(first.CurrentHttp1Pool);
        Assert.Null(second.CurrentHttp1Pool);
    }
}
