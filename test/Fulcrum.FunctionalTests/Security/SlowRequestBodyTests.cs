using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Slow POST: a body sent at a few bytes a second, below the listener's <c>limits.minRequestBodyRate</c>, is cut
/// off once the grace period has passed; the backend never receives a complete request from it.
/// </summary>
public sealed class SlowRequestBodyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Post_BodyBelowMinimumRate_ConnectionClosedAfterGrace()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "limits: { minRequestBodyRate: 1000, minRequestBodyRateGrace: 2s }"));
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway), deadline: TimeSpan.FromSeconds(15));
        var clock = Stopwatch.StartNew();

        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 10000\r\n\r\n");
        var closed = Task.Run(async () => await connection.ReadToCloseAsync());
        while (!closed.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(12))
        {
            // The attacker's pace (10 B/s), not synchronisation: the test waits on the close.
            await Task.Delay(100);
            if (!await connection.TryWriteAsync("x"))
            {
                break;
            }
        }

        var (text, byServer) = await closed;
        output.WriteLine($"S12 slow POST: closed by gateway {byServer} after {clock.Elapsed.TotalSeconds:0.0}s (grace 2s); answer: {text.Split("\r\n")[0]}; complete requests at spy {spy.RequestCount}");
        Assert.True(byServer, "the gateway kept a 10 B/s upload open");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"closed after {clock.Elapsed}");
        Assert.Equal(0, spy.RequestCount);
        Assert.DoesNotContain(" 5", text.Split("\r\n")[0], StringComparison.Ordinal);
    }
}
