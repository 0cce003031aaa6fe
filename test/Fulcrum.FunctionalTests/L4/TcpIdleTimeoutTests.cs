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
        var started = DateTime.UtcNow;

        // Traffic every ~100 ms for 2.5 idle timeouts: activity must keep resetting the clock.
        var rounds = 0;
        await Wait.UntilAsync(async () =>
        {
            await L4Client.SendAsync(client, "x");
            Assert.Equal("x", await L4Client.ReadAsync(client, 1));
            rounds++;
            return DateTime.UtcNow - started > TimeSpan.FromSeconds(2.5);
        }, "2.5 s of traffic passed", TimeSpan.FromSeconds(30));

        Assert.True(rounds > 5);
    }
}
