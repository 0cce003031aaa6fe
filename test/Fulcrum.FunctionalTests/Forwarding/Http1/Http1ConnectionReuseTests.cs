using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>Sequential requests share one pooled keep-alive connection to the destination.</summary>
public sealed class Http1ConnectionReuseTests
{
    [Fact]
    public async Task Get_ManySequentialRequests_OneUpstreamConnection()
    {
        await using var spy = await SpyBackend.StartAsync("d1");
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(spy.Address));

        for (var i = 0; i < 40; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/r" + i);
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("d1", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(40, spy.RequestCount);
        Assert.Equal(1, spy.AcceptedConnections);
        Assert.Equal(1, LeanPath.Pool(gateway)!.Opened);
    }
}
