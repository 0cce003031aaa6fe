using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Resilience;

public sealed class RetryOnStatusTests
{
    [Fact]
    public async Task Get_DestinationAnswers503_RetriedOnAnother()
    {
        await using var failing = await TestBackend.StartAsync("failing");
        await using var working = await TestBackend.StartAsync("working");
        failing.ForcedStatus = 503;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 1, onStatus: [503] }", failing, working));

        for (var i = 0; i < 10; i++)
        {
            var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/");
            Assert.Equal("working", answer!.Backend);
        }

        Assert.Equal(5, failing.Requests);
    }

    [Fact]
    public async Task Post_DestinationAnswers503_NotRetried()
    {
        await using var failing = await TestBackend.StartAsync("failing");
        await using var working = await TestBackend.StartAsync("working");
        failing.ForcedStatus = 503;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 1, onStatus: [503] }", failing, working));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await gateway.Client.PostAsync(gateway.Url() + "/", new StringContent("payload"));
            statuses.Add(response.StatusCode);
        }

        // A body may have had effects: the 503 is passed on, never replayed.
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(2, failing.Requests);
        Assert.Equal(2, working.Requests);
    }

    [Fact]
    public async Task Get_EveryDestinationAnswers503_LastStatusPassedOn()
    {
        await using var a = await TestBackend.StartAsync("a");
        await using var b = await TestBackend.StartAsync("b");
        a.ForcedStatus = 503;
        b.ForcedStatus = 503;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 3, onStatus: [503] }", a, b));

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, a.Requests);
        Assert.Equal(1, b.Requests);
    }

    [Fact]
    public async Task Get_DestinationRefusesConnections_RetriedOnAnother()
    {
        await using var gone = await TestBackend.StartAsync("gone");
        await using var working = await TestBackend.StartAsync("working");
        await gone.StopAsync();
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 1 }", gone, working));

        for (var i = 0; i < 6; i++)
        {
            var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/");
            Assert.Equal("working", answer!.Backend);
        }
    }
}
