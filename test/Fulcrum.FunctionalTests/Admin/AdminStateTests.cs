using System.Net;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Admin;

public sealed class AdminStateTests
{
    [Fact]
    public async Task GetState_AfterTraffic_ShowsListenersClustersAndCounters()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1, b2));
        for (var i = 0; i < 10; i++)
        {
            (await gateway.Client.GetAsync(gateway.Url() + "/")).Dispose();
        }

        using var state = JsonDocument.Parse(await gateway.Client.GetStringAsync(gateway.AdminUrl + "/api/state"));

        var root = state.RootElement;
        Assert.Equal(1, root.GetProperty("generation").GetInt64());
        Assert.Equal("web", root.GetProperty("listeners")[0].GetProperty("name").GetString());
        Assert.Equal(gateway.Url()["http://".Length..], root.GetProperty("listeners")[0].GetProperty("address").GetString());
        var cluster = root.GetProperty("clusters")[0];
        Assert.Equal("pool", cluster.GetProperty("name").GetString());
        Assert.Equal(10, cluster.GetProperty("requests").GetInt64());
        var destinations = cluster.GetProperty("destinations").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(5, destinations["b1"].GetProperty("requests").GetInt64());
        Assert.True(destinations["b2"].GetProperty("available").GetBoolean());
        Assert.True(destinations["b2"].GetProperty("latencyMs").GetDouble() > 0);
        Assert.Equal("start", root.GetProperty("reloads")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Probes_Running_LiveAndReady()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));

        using var live = await gateway.Client.GetAsync(gateway.AdminUrl + "/livez");
        using var ready = await gateway.Client.GetAsync(gateway.AdminUrl + "/readyz");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Readyz_DuringShutdownDrain_NotReadyWhileRequestsFinish()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));
        var admin = gateway.AdminUrl;
        var slow = gateway.Client.GetAsync(gateway.Url() + "/slow?ms=1500");
        await Wait.UntilAsync(() => b1.Requests == 1, "the slow request is in flight");

        var stopping = gateway.Host.StopAsync(CancellationToken.None);
        await Wait.UntilAsync(async () => (await gateway.Client.GetAsync(admin + "/readyz")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "readiness fails once shutdown begins");

        Assert.False(slow.IsCompleted);
        using var response = await slow;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await stopping;
    }
}
