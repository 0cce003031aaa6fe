using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpMaxConnectionsTests
{
    [Fact]
    public async Task Tcp_OverMaxConnections_ExtraConnectionClosedOthersServed()
    {
        var logs = new LogCapture();
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "maxConnections: 1", "", echo.Address), logs: logs);
        using var first = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(first, "one");
        Assert.Equal("one", await L4Client.ReadAsync(first, 3));

        using var second = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        Assert.True(await L4Client.IsClosedAsync(second), "the connection over the limit stayed open");
        Assert.True(logs.Contains(5004, "maxConnections"));
        await L4Client.SendAsync(first, "still");
        Assert.Equal("still", await L4Client.ReadAsync(first, 5));
        Assert.Equal(1, echo.Accepted);

        first.Dispose();
        await Wait.UntilAsync(() => gateway.Runtime.Listeners["edge"].ActiveConnections == 0, "the first connection is gone");
        using var third = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(third, "three");
        Assert.Equal("three", await L4Client.ReadAsync(third, 5));
    }
}
