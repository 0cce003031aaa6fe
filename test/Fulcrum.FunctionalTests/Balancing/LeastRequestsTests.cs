using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Balancing;

public sealed class LeastRequestsTests
{
    [Fact]
    public async Task Get_OneDestinationBusy_NewRequestsGoToTheIdleOne()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("loadBalancing: { policy: leastRequests }", b1, b2));

        // Hold one slow request open; whichever destination took it is then busy.
        var slow = gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/slow?ms=3000");
        await Wait.UntilAsync(() => b1.Requests + b2.Requests == 1, "the slow request reached a destination");
        var busy = b1.Requests == 1 ? "b1" : "b2";

        for (var i = 0; i < 10; i++)
        {
            var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/fast");
            Assert.NotEqual(busy, answer!.Backend);
        }

        Assert.Equal(busy, (await slow)!.Backend);
    }
}
