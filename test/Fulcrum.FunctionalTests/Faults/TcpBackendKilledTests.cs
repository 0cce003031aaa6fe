using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A TCP backend dies with 50 proxied connections open: each client connection is closed promptly (its close
/// propagated, nothing left half-open at the gateway), and new connections are served by the other destination.
/// </summary>
public sealed class TcpBackendKilledTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Tcp_BackendDiesWithOpenConnections_ClientsClosedNewOnesFailOver()
    {
        var first = TcpEchoServer.Start("e1");
        await using var second = TcpEchoServer.Start("e2");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", """
            loadBalancing: { policy: first }
            healthCheck: { passive: { consecutiveFailures: 1, ejectFor: 1m } }
            """, first.Address, second.Address));
        var clients = new List<System.Net.Sockets.Socket>();
        for (var i = 0; i < 50; i++)
        {
            var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
            await L4Client.SendAsync(client, "ping");
            Assert.Equal("ping", await L4Client.ReadAsync(client, 4));
            clients.Add(client);
        }

        var clock = Stopwatch.StartNew();
        await first.DisposeAsync();
        var closed = await Task.WhenAll(clients.Select(c => L4Client.IsClosedAsync(c, TimeSpan.FromSeconds(5))));
        var elapsed = clock.Elapsed;
        using var fresh = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        await L4Client.SendAsync(fresh, "after");
        var answer = await L4Client.ReadAsync(fresh, 5);

        output.WriteLine($"F11 TCP backend died with 50 open connections: {closed.Count(c => c)} of 50 client connections closed within {elapsed.TotalMilliseconds:0} ms; new connection served by e2: {answer == "after"}");
        Assert.All(closed, Assert.True);
        Assert.Equal("after", answer);
        Assert.Equal(1, second.Accepted);
        clients.ForEach(c => c.Dispose());
    }
}
