using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Reload;

public sealed class StateKeptAcrossReloadTests
{
    [Fact]
    public async Task Reload_EjectedDestinationKeptByName_StaysEjected()
    {
        await using var bad = await TestBackend.StartAsync("bad");
        await using var good = await TestBackend.StartAsync("good");
        bad.ForcedStatus = 502;
        const string Passive = "healthCheck: { passive: { consecutiveFailures: 1, ejectFor: 1m } }";
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster(Passive, bad, good));
        var before = gateway.Runtime.Clusters["pool"].Destinations["bad"];
        for (var i = 0; i < 2; i++)
        {
            (await gateway.Client.GetAsync(gateway.Url() + "/")).Dispose();
        }

        Assert.Equal(1, gateway.Runtime.Clusters["pool"].Available.Count);
        bad.ForcedStatus = 0;

        var result = await gateway.ReloadAsync(Yaml.SingleCluster(Passive + "\nloadBalancing: { policy: random }", bad, good));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Same(before, gateway.Runtime.Clusters["pool"].Destinations["bad"]);
        Assert.Equal(1, gateway.Runtime.Clusters["pool"].Available.Count);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("good", (await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/"))!.Backend);
        }
    }
}
