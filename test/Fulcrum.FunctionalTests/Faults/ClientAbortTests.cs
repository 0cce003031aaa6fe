using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A client that goes away mid-upload or mid-download: the gateway cancels the upstream request too, so the
/// backend's connection is closed promptly and nothing is left running for a client that is gone; the backend never
/// receives the incomplete upload as a request.
/// </summary>
public sealed class ClientAbortTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Post_ClientLeavesMidBody_UpstreamCancelled()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", spy));
        var connection = await RawConnection.OpenAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint);
        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n" + new string('u', 1000));
        await Wait.UntilAsync(() => spy.OpenConnections == 1, "the upload is being forwarded");

        var clock = Stopwatch.StartNew();
        await connection.DisposeAsync();
        await Wait.UntilAsync(() => spy.OpenConnections == 0, "the upstream request is cancelled", TimeSpan.FromSeconds(10));

        output.WriteLine($"B3 client left mid-upload: upstream connection closed after {clock.Elapsed.TotalMilliseconds:0} ms; requests completed at the backend {spy.RequestCount}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"upstream kept for {clock.Elapsed}");
        Assert.Equal(0, spy.RequestCount);
    }

    [Fact]
    public async Task Get_ClientLeavesMidResponse_UpstreamCancelled()
    {
        await using var spy = await SpyBackend.StartAsync("slow", ChaosMode.Trickle);
        spy.TrickleBytes = 100;
        spy.TrickleInterval = TimeSpan.FromMilliseconds(100);
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", spy));
        var connection = await RawConnection.OpenAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint);
        await connection.TryWriteAsync("GET /download HTTP/1.1\r\nHost: a\r\n\r\n");
        var head = await connection.ReadHeadAsync();

        var clock = Stopwatch.StartNew();
        await connection.DisposeAsync();
        await Wait.UntilAsync(() => spy.OpenConnections == 0, "the upstream response is abandoned", TimeSpan.FromSeconds(10));

        output.WriteLine($"B3 client left mid-response: upstream connection closed after {clock.Elapsed.TotalMilliseconds:0} ms (the backend had 10 s of body left)");
        Assert.Equal(200, head.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"upstream kept for {clock.Elapsed}");
    }
}
