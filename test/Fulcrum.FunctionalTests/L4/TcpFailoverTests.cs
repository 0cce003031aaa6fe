using System.Net;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpFailoverTests
{
    [Fact]
    public async Task Tcp_FirstDestinationRefuses_NextOneServesAndPassiveHealthEjects()
    {
        var logs = new LogCapture();
        await using var echo = TcpEchoServer.Start("e2");
        var refused = $"127.0.0.1:{L4Client.RefusedPort()}";
        await using var gateway = await TestGateway.StartAsync(
            Yaml.L4("tcp", "", "loadBalancing: { policy: first }\nhealthCheck: { passive: { consecutiveFailures: 1, ejectFor: 1m } }", refused, echo.Address),
            logs: logs);
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        await L4Client.SendAsync(client, "failover");

        Assert.Equal("failover", await L4Client.ReadAsync(client, 8));
        Assert.True(logs.Contains(5002, "ConnectionRefused"), string.Join("\n", logs.Entries));
        var pool = gateway.Runtime.Clusters["pool"];
        Assert.DoesNotContain(pool.Destinations["d1"], pool.Available.Items);
        Assert.Equal(1, pool.Destinations["d1"].Failures);
    }

    [Fact]
    public async Task Tcp_DestinationNeverAnswers_ConnectTimeoutThenNextOne()
    {
        var logs = new LogCapture();
        await using var echo = TcpEchoServer.Start("e2");
        using var silent = await FullBacklogAsync();
        await using var gateway = await TestGateway.StartAsync(
            Yaml.L4("tcp", "", "loadBalancing: { policy: first }\ntcp: { connectTimeout: 300ms }", $"127.0.0.1:{silent.Port}", echo.Address),
            logs: logs);
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        await L4Client.SendAsync(client, "timeout");

        Assert.Equal("timeout", await L4Client.ReadAsync(client, 7));
        Assert.True(logs.Contains(5002, "no answer within 300ms"), string.Join("\n", logs.Entries));
    }

    [Fact]
    public async Task Tcp_EveryDestinationRefuses_ClientConnectionClosed()
    {
        var logs = new LogCapture();
        await using var gateway = await TestGateway.StartAsync(
            Yaml.L4("tcp", "", "", $"127.0.0.1:{L4Client.RefusedPort()}", $"127.0.0.1:{L4Client.RefusedPort()}"), logs: logs);
        using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));

        Assert.True(await L4Client.IsClosedAsync(client));
        Assert.True(logs.Contains(5003, "no destination of cluster pool accepted"), string.Join("\n", logs.Entries));
        Assert.Equal(2, gateway.Runtime.Clusters["pool"].All.Items.Sum(d => d.Failures));
    }

    /// <summary>
    /// A loopback port whose accept queue is full: Linux drops further SYNs, so a connect neither succeeds nor
    /// is refused until it times out. The queue is filled by connecting until a connect stops completing.
    /// </summary>
    private static async Task<FullBacklog> FullBacklogAsync()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var fillers = new List<Socket>();
        for (var i = 0; i < 16; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            try
            {
                await filler.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
                fillers.Add(filler);
            }
            catch (OperationCanceledException)
            {
                filler.Dispose();
                return new FullBacklog(listener, fillers);
            }
        }

        throw new InvalidOperationException("the accept queue never filled up");
    }

    private sealed class FullBacklog(Socket listener, List<Socket> fillers) : IDisposable
    {
        public int Port => ((IPEndPoint)listener.LocalEndPoint!).Port;

        public void Dispose()
        {
            fillers.ForEach(f => f.Dispose());
            listener.Dispose();
        }
    }
}
