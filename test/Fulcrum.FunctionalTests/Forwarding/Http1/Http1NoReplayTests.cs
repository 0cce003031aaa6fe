using System.Net;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// A reused connection that dies before the answer is replayed on a new one only when sending twice is harmless: a
/// POST with a body may already have been acted on (a charge made), so it fails with 502 instead of running twice.
/// </summary>
public sealed class Http1NoReplayTests
{
    [Fact]
    public async Task Post_ReusedConnectionClosesBeforeAnswer_NotSentTwice()
    {
        await using var backend = AnswersOncePerConnection();
        await using var gateway = await WarmGatewayAsync(backend);

        using var posted = await gateway.Client.PostAsync(gateway.Url() + "/charge", new StringContent("{\"charge\":1}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadGateway, posted.StatusCode);
        Assert.Equal(2, backend.Requests);
        Assert.Equal(1, backend.Connections);
    }

    [Fact]
    public async Task Get_ReusedConnectionClosesBeforeAnswer_ReplayedOnce()
    {
        await using var backend = AnswersOncePerConnection();
        await using var gateway = await WarmGatewayAsync(backend);

        using var again = await gateway.Client.GetAsync(gateway.Url() + "/read");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(3, backend.Requests);
        Assert.Equal(2, backend.Connections);
    }

    /// <summary>Every connection answers its first request, then closes without a byte when the second arrives.</summary>
    private static ScriptedBackend AnswersOncePerConnection() =>
        ScriptedBackend.Start((_, served) => served == 0 ? ScriptedBackend.Ok() : null);

    /// <summary>A lean-path gateway with one pooled connection to the backend (its first request answered).</summary>
    private static async Task<TestGateway> WarmGatewayAsync(ScriptedBackend backend)
    {
        var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));
        using var warm = await gateway.Client.GetAsync(gateway.Url() + "/warm");
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        return gateway;
    }
}
