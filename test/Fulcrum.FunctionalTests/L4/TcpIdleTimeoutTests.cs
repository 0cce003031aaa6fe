using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpIdleTimeoutTests
{
    [Fact]
    public async Task Tcp_NoBytesForIdleTimeout_ConnectionClosed()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "idleTimeout: 400ms", "", echo.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(client, "ping");
        Assert.Equal("ping", await L4Client.ReadAsync(client, 4));

        Assert.True(await L4Client.IsClosedAsync(client, TimeSpan.FromSeconds(10)), "the idle connection was not closed");
        await Wait.UntilAsync(() => echo.Open == 0, "the destination side is closed too");
        await Wait.UntilAsync(() => gateway.Runtime.Listeners["edge"].ActiveConnections == 0, "the listener counts no open connection");
    }

    [Fact]
    public async Task Tcp_ActiveConnection_OutlivesIdleTimeout()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "idleTimeout: 1s", "", echo.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        client.ReceiveTimeout = (int)L4Client.ReadTimeout.TotalMilliseconds;

        // Round trips back to back for 2.5 idle timeouts (at most 200,000), on a thread of the test's own with blocking
        // calls: a loop on the thread pool once stalled for over a second while other tests ran, so that the client
        // itself went idle for longer than the timeout and the gateway rightly closed the connection.
        var (rounds, longestGap) = await Task.Factory.StartNew(() =>
        {
            var clock = Stopwatch.StartNew();
            var last = TimeSpan.Zero;
            var gap = TimeSpan.Zero;
            var buffer = new byte[1];
            var count = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(2.5) && count < 200_000)
            {
                client.Send("x"u8);
                Assert.Equal(1, client.Receive(buffer));
                Assert.Equal((byte)'x', buffer[0]);
                count++;
                var now = clock.Elapsed;
                gap = now - last > gap ? now - last : gap;
                last = now;
            }

            return (count, gap);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Assert.True(rounds > 5, $"{rounds} round trips, the longest gap {longestGap.TotalMilliseconds:0} ms");
    }
}
