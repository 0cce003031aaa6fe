using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Slowloris: connections that trickle their headers one byte at a time are closed once the listener's
/// <c>limits.requestHeadersTimeout</c> has passed (Kestrel checks once a second), while a legitimate client keeps
/// being served; the backend never sees the slow requests.
/// </summary>
public sealed class SlowHeadersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_HeadersTrickled_ClosedAfterHeadersTimeoutLegitimateTrafficServed()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "limits: { requestHeadersTimeout: 1s }"));
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/legit", workers: 2, maxRequests: 5_000, maxDuration: TimeSpan.FromSeconds(20));
        load.Start();

        var attacks = Enumerable.Range(0, 20).Select(_ => TrickleAsync(gateway)).ToArray();
        var closedAfter = await Task.WhenAll(attacks);
        await load.StopAsync();

        output.WriteLine($"S12 slowloris: 20 connections, closed after {closedAfter.Min().TotalSeconds:0.0}–{closedAfter.Max().TotalSeconds:0.0}s (timeout 1s); legitimate failed {load.Failures.Count} of {load.Total}");
        Assert.All(closedAfter, elapsed => Assert.True(elapsed < TimeSpan.FromSeconds(5), $"closed after {elapsed}"));
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(load.Succeeded > 0);
        Assert.All(spy.Requests, request => Assert.Equal("/legit", request.Target));
    }

    /// <summary>Sends a request line, then one header byte every 100 ms until the gateway closes; returns when it did.</summary>
    private static async Task<TimeSpan> TrickleAsync(TestGateway gateway)
    {
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway), deadline: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        await connection.TryWriteAsync("GET /slow HTTP/1.1\r\nHost: a\r\n");
        var closed = Task.Run(async () => await connection.ReadToCloseAsync());
        var header = "X-Slow: " + new string('a', 200);
        for (var i = 0; i < header.Length && !closed.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            // The attacker's pace, not synchronisation: the test waits on the close below.
            await Task.Delay(100);
            if (!await connection.TryWriteAsync(header[i].ToString()))
            {
                break;
            }
        }

        var (_, byServer) = await closed;
        Assert.True(byServer, "the gateway kept a trickling connection open for 10s");
        return clock.Elapsed;
    }
}
