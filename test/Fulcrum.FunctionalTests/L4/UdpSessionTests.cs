using System.Net.Sockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class UdpSessionTests
{
    [Fact]
    public async Task Udp_TwoClients_EachGetsItsOwnRepliesFromItsPinnedDestination()
    {
        await using var u1 = UdpEchoServer.Start("u1");
        await using var u2 = UdpEchoServer.Start("u2");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("udp", "", "", u1.Address, u2.Address));
        using var alice = L4Client.Udp(gateway.EndPoint("edge"));
        using var bob = L4Client.Udp(gateway.EndPoint("edge"));

        var aliceFirst = await L4Client.AskAsync(alice, "alice-1");
        var bobFirst = await L4Client.AskAsync(bob, "bob-1");
        var aliceServer = aliceFirst.Split('|')[0];
        var bobServer = bobFirst.Split('|')[0];

        Assert.Equal("alice-1", aliceFirst.Split('|')[1]);
        Assert.Equal("bob-1", bobFirst.Split('|')[1]);
        Assert.NotEqual(aliceServer, bobServer);
        for (var i = 2; i <= 5; i++)
        {
            Assert.Equal($"{aliceServer}|alice-{i}", await L4Client.AskAsync(alice, $"alice-{i}"));
            Assert.Equal($"{bobServer}|bob-{i}", await L4Client.AskAsync(bob, $"bob-{i}"));
        }

        Assert.Equal(2, gateway.Runtime.Listeners["edge"].ActiveConnections);
        Assert.Single(u1.Sources);
        Assert.Single(u2.Sources);
    }

    [Fact]
    public async Task Udp_ConsistentHash_SameClientAddressSameDestinationAcrossSessions()
    {
        await using var u1 = UdpEchoServer.Start("u1");
        await using var u2 = UdpEchoServer.Start("u2");
        await using var u3 = UdpEchoServer.Start("u3");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("udp", "sessionIdleTimeout: 200ms", "loadBalancing: { policy: consistentHash }", u1.Address, u2.Address, u3.Address));

        var servers = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            // A new client port each time: a new session, hashed on the same address 127.0.0.1.
            using var client = L4Client.Udp(gateway.EndPoint("edge"));
            servers.Add((await L4Client.AskAsync(client, "hi")).Split('|')[0]);
        }

        Assert.Single(servers);
    }

    [Fact]
    public async Task Udp_SessionIdle_ExpiresAndNextDatagramOpensANewOne()
    {
        await using var u1 = UdpEchoServer.Start("u1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("udp", "sessionIdleTimeout: 300ms", "", u1.Address));
        var listener = gateway.Runtime.Listeners["edge"];
        using var client = L4Client.Udp(gateway.EndPoint("edge"));

        Assert.Equal("u1|first", await L4Client.AskAsync(client, "first"));
        Assert.Equal(1, listener.ActiveConnections);
        await Wait.UntilAsync(() => listener.ActiveConnections == 0, "the idle session expires");
        Assert.Equal(0, gateway.Runtime.Clusters["pool"].Destinations["d1"].InFlight);

        Assert.Equal("u1|second", await L4Client.AskAsync(client, "second"));
        Assert.Equal(2, u1.Sources.Count);
    }

    [Fact]
    public async Task Udp_SessionTableFull_NewClientDroppedExistingServed()
    {
        var logs = new LogCapture();
        await using var u1 = UdpEchoServer.Start("u1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("udp", "maxSessions: 1, sessionIdleTimeout: 1m", "", u1.Address), logs: logs);
        using var first = L4Client.Udp(gateway.EndPoint("edge"));
        using var second = L4Client.Udp(gateway.EndPoint("edge"));
        Assert.Equal("u1|a", await L4Client.AskAsync(first, "a"));

        await second.SendAsync(Encoding.UTF8.GetBytes("b"), SocketFlags.None);

        await Wait.UntilAsync(() => logs.Contains(5011, "maxSessions"), "the dropped datagram is logged");
        Assert.Equal(1, u1.Datagrams);
        Assert.Equal("u1|c", await L4Client.AskAsync(first, "c"));
    }

    [Fact]
    public async Task Reload_UdpListenerUnchanged_SessionKeepsItsDestination()
    {
        await using var u1 = UdpEchoServer.Start("u1");
        await using var u2 = UdpEchoServer.Start("u2");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("udp", "sessionIdleTimeout: 1m", "", u1.Address));
        var server = gateway.Runtime.Listeners["edge"].Server;
        using var client = L4Client.Udp(gateway.EndPoint("edge"));
        Assert.Equal("u1|before", await L4Client.AskAsync(client, "before"));

        var result = await gateway.ReloadAsync(Yaml.L4("udp", "sessionIdleTimeout: 2m", "", u2.Address));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Same(server, gateway.Runtime.Listeners["edge"].Server);
        Assert.Equal("u1|after", await L4Client.AskAsync(client, "after"));
        Assert.Single(u1.Sources);
        using var newcomer = L4Client.Udp(gateway.EndPoint("edge"));
        Assert.Equal("u2|new", await L4Client.AskAsync(newcomer, "new"));
    }
}
