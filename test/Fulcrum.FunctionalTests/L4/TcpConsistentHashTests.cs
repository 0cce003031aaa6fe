using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TcpConsistentHashTests
{
    [Fact]
    public async Task ConsistentHash_SameClientAddress_EveryConnectionOnOneDestination()
    {
        await using var e1 = TcpEchoServer.Start("e1");
        await using var e2 = TcpEchoServer.Start("e2");
        await using var e3 = TcpEchoServer.Start("e3");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "", "loadBalancing: { policy: consistentHash }", e1.Address, e2.Address, e3.Address));

        for (var i = 0; i < 6; i++)
        {
            using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
            await L4Client.SendAsync(client, "hash");
            Assert.Equal("hash", await L4Client.ReadAsync(client, 4));
        }

        // Six connections from 127.0.0.1 (each from a new port): one destination took them all.
        Assert.Equal(6, new[] { e1.Accepted, e2.Accepted, e3.Accepted }.Max());
    }
}
