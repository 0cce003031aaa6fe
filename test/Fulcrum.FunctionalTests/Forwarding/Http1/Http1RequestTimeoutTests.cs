using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>A backend that never answers: 504 at the cluster's request timeout, and the connection is not reused.</summary>
public sealed class Http1RequestTimeoutTests
{
    [Fact]
    public async Task Get_BackendNeverAnswers_504AfterRequestTimeout()
    {
        var served = 0;
        await using var backend = ScriptedBackend.Start((_, _) => Interlocked.Increment(ref served) == 1 ? ("", false) : ScriptedBackend.Ok());
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address, "requestTimeout: 500ms"));

        var clock = Stopwatch.StartNew();
        using var hung = await gateway.Client.GetAsync(gateway.Url() + "/hang");
        var elapsed = clock.Elapsed;
        using var next = await gateway.Client.GetAsync(gateway.Url() + "/next");

        Assert.Equal(504, (int)hung.StatusCode);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(450) && elapsed < TimeSpan.FromSeconds(5), $"answered after {elapsed}");
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal(2, backend.Connections);
    }
}
