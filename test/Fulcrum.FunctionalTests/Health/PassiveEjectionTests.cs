using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Health;

public sealed class PassiveEjectionTests
{
    [Fact]
    public async Task Get_ConsecutiveFailures_EjectedThenBackAfterEjectFor()
    {
        await using var bad = await TestBackend.StartAsync("bad");
        await using var good = await TestBackend.StartAsync("good");
        bad.ForcedStatus = 503;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster(
            "healthCheck: { passive: { consecutiveFailures: 3, ejectFor: 1s } }", bad, good));
        var cluster = gateway.Runtime.Clusters["pool"];

        // Round robin alternates, so six requests give bad its three failures.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(1, cluster.Available.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("good", (await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/"))!.Backend);
        }

        Assert.Equal(3, bad.Requests);
        bad.ForcedStatus = 0;
        await Wait.UntilAsync(() => cluster.Available.Count == 2, "the ejection runs out", TimeSpan.FromSeconds(5));
        var backends = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            backends.Add((await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/"))!.Backend);
        }

        Assert.Contains("bad", backends);
    }
}
