using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Admin;

public sealed class DrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Drain_UnderLoad_NoFailuresInFlightFinishesNoNewRequests()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1, b2));
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 6, maxRequests: 20_000, maxDuration: TimeSpan.FromSeconds(30));
        load.Start();
        await Wait.UntilAsync(() => load.Succeeded >= 300, "load is running");

        // A slow request pinned on b2 before the drain must still complete.
        Task<HttpResponseMessage>? slow = null;
        await Wait.UntilAsync(() =>
        {
            slow ??= gateway.Client.GetAsync(gateway.Url() + "/slow?ms=1000");
            return gateway.Runtime.Clusters["pool"].Destinations["b2"].InFlight > 0;
        }, "a request is in flight on b2");
        using (var drain = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/b2/drain", null))
        {
            Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        }

        await Wait.UntilAsync(() => gateway.Runtime.Clusters["pool"].Destinations["b2"].InFlight == 0, "b2's in-flight requests finish");
        var b2Before = b2.Requests;
        var totalBefore = load.Total;
        await Wait.UntilAsync(() => load.Total >= totalBefore + 1000, "load continues after the drain");

        Assert.Equal(b2Before, b2.Requests);
        using (var undrain = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/b2/undrain", null))
        {
            Assert.Equal(HttpStatusCode.OK, undrain.StatusCode);
        }

        await Wait.UntilAsync(() => b2.Requests > b2Before, "b2 serves again after undrain");
        await load.StopAsync();
        output.WriteLine($"drain under load: failed {load.Failures.Count} of {load.Total}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.Equal(HttpStatusCode.OK, (await slow!).StatusCode);
    }

    [Fact]
    public async Task Drain_KeptAcrossReload()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1, b2));
        (await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/b1/drain", null)).Dispose();

        var result = await gateway.ReloadAsync(Yaml.Admin + Yaml.SingleCluster("loadBalancing: { policy: leastRequests }", b1, b2));

        Assert.True(result.Succeeded);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("b2", (await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/"))!.Backend);
        }
    }

    [Fact]
    public async Task Drain_UnknownNames_404()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));

        using var noCluster = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/nope/destinations/b1/drain", null);
        using var noDestination = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/nope/drain", null);

        Assert.Equal(HttpStatusCode.NotFound, noCluster.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noDestination.StatusCode);
    }

    [Fact]
    public async Task Drain_EveryDestination_503EvenInPanicMode()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("healthCheck: { panicMode: true }", b1));

        (await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/b1/drain", null)).Dispose();
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, b1.Requests);
    }
}
