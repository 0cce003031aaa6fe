using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A slow backend that keeps sending (a byte every 100 ms) is not cut off by a request timeout shorter than the
/// whole response, because the timeout bounds waiting for upstream activity; one that goes quiet for longer than
/// the timeout after its headers is cut off at the timeout: the client gets a gateway error if nothing had been sent
/// yet, or an unfinished response, never a 200 that looks complete.
/// </summary>
public sealed class SlowBackendTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_BackendTricklesWithinTimeout_WholeBodyDelivered()
    {
        await using var slow = await SpyBackend.StartAsync("slow", ChaosMode.Trickle);
        slow.TrickleInterval = TimeSpan.FromMilliseconds(100);
        slow.TrickleBytes = 20;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("http: { requestTimeout: 1s }", slow));
        var clock = Stopwatch.StartNew();

        var bodies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => gateway.Client.GetStringAsync(gateway.Url() + "/")));

        output.WriteLine($"F8 trickle 20 B at 100 ms/B under a 1s activity timeout: {bodies.Length} of 5 complete in {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.All(bodies, body => Assert.Equal(new string('t', 20), body));
    }

    [Fact]
    public async Task Get_BackendStallsAfterHeaders_CutOffIncomplete()
    {
        await using var slow = await SpyBackend.StartAsync("slow", ChaosMode.Trickle);
        slow.TrickleInterval = TimeSpan.FromSeconds(3);
        slow.TrickleBytes = 3;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("http: { requestTimeout: 1s }", slow));
        await using var connection = await RawConnection.OpenAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint, deadline: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        await connection.TryWriteAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        output.WriteLine($"F8 stall after headers: status {response.Status}, complete {response.Complete}, after {clock.Elapsed.TotalSeconds:0.0}s (timeout 1s)");
        Assert.True(response.Status is 502 or 504 || (response.Status == 200 && !response.Complete), $"{response.Status}, complete {response.Complete}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"cut off after {clock.Elapsed}");
    }
}
