using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>An idle keep-alive connection is closed after the listener's <c>limits.keepAliveTimeout</c>.</summary>
public sealed class IdleKeepAliveTests
{
    [Fact]
    public async Task Get_ThenIdle_ClosedAfterKeepAliveTimeout()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "limits: { keepAliveTimeout: 1s }"));
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway), deadline: TimeSpan.FromSeconds(10));

        await connection.TryWriteAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        var clock = Stopwatch.StartNew();
        var (_, closed) = await connection.ReadToCloseAsync();

        Assert.Equal(200, response.Status);
        Assert.True(closed, "the idle connection was kept for 10s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"closed after {clock.Elapsed}");
    }
}
