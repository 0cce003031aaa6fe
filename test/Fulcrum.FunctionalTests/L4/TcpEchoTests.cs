using System.Net.Sockets;
using System.Security.Cryptography;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpEchoTests
{
    [Fact]
    public async Task Tcp_LargePayload_ComesBackByteForByte()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "", echo.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        var payload = RandomNumberGenerator.GetBytes(1024 * 1024);

        var reading = Task.Run(async () =>
        {
            var received = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await client.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return received.ToArray();
        });
        await client.SendAsync(payload, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);

        var echoed = await reading.WaitAsync(L4Client.ReadTimeout);
        Assert.Equal(payload.Length, echoed.Length);
        Assert.True(payload.AsSpan().SequenceEqual(echoed));
        Assert.Equal(1, echo.Accepted);
    }

    [Fact]
    public async Task Tcp_Listener_ReceivesIntoLargeBlocks()
    {
        await using var echo = TcpEchoServer.Start("e1");
        var logs = new LogCapture();
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "", echo.Address), logs: logs);
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        await L4Client.SendAsync(client, "ping");
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal("ping", await L4Client.ReadToEndAsync(client));
        Assert.DoesNotContain(logs.Entries, e => e.EventId == 5014);
    }

    [Fact]
    public async Task Tcp_ClientHalfCloses_StillReceivesTheAnswer()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "", echo.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        await L4Client.SendAsync(client, "hello, half-closed");
        client.Shutdown(SocketShutdown.Send);

        // The echo server only finishes (and sends its FIN) after it saw ours: the FIN was passed on.
        Assert.Equal("hello, half-closed", await L4Client.ReadToEndAsync(client));
    }

    [Fact]
    public async Task Tcp_DestinationClosesFirst_ClientKeepsSending()
    {
        await using var server = TcpEchoServer.Start("s1", finFirst: "bye");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "", server.Address));
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        Assert.Equal("bye", await L4Client.ReadToEndAsync(client));
        await L4Client.SendAsync(client, "still talking");
        client.Shutdown(SocketShutdown.Send);

        await Wait.UntilAsync(() => server.ReceivedAfterFin is not null, "the destination saw the client's FIN");
        Assert.Equal("still talking", server.ReceivedAfterFin);
    }
}
