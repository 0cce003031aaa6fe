using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TlsPassthroughTests
{
    private static string Config(TlsEchoServer a, TlsEchoServer b, TcpEchoServer other) => $$"""
        listeners:
          tls: { protocol: tcp, address: 127.0.0.1:0, tls: { mode: passthrough } }
        routes:
          a: { listeners: [tls], match: { sni: [a.test] }, cluster: a }
          b: { listeners: [tls], match: { sni: ["*.b.test"] }, cluster: b }
          other: { listeners: [tls], cluster: other }
        clusters:
          a: { protocol: tcp, destinations: { a1: { address: "{{a.Address}}" } } }
          b: { protocol: tcp, destinations: { b1: { address: "{{b.Address}}" } } }
          other: { protocol: tcp, destinations: { o1: { address: "{{other.Address}}" } } }
        """;

    [Theory]
    [InlineData("a.test", "a")]
    [InlineData("A.Test", "a")]
    [InlineData("www.b.test", "b")]
    public async Task Passthrough_BySni_ClientSeesTheDestinationsOwnCertificate(string serverName, string expected)
    {
        await using var a = TlsEchoServer.Start("a.test");
        await using var b = TlsEchoServer.Start("*.b.test");
        await using var other = TcpEchoServer.Start("other");
        await using var gateway = await TestGateway.StartAsync(Config(a, b, other));
        var (echo, presented) = await L4Client.TlsEchoAsync(gateway.EndPoint("tls"), serverName, "end to end");

        Assert.Equal("end to end", echo);
        var backend = expected == "a" ? a : b;
        Assert.Equal(backend.Certificate.Thumbprint, presented.Thumbprint);
        Assert.Equal(1, backend.Accepted);
        Assert.Equal(0, other.Accepted);
    }

    [Fact]
    public async Task Passthrough_UnknownSni_TakesTheRouteWithoutSni()
    {
        await using var a = TlsEchoServer.Start("a.test");
        await using var b = TlsEchoServer.Start("*.b.test");
        await using var other = TcpEchoServer.Start("other");
        await using var gateway = await TestGateway.StartAsync(Config(a, b, other));
        using var socket = await L4Client.ConnectAsync(gateway.EndPoint("tls"));
        await using var tls = new SslStream(new NetworkStream(socket), leaveInnerStreamOpen: false);

        // The plain echo server answers the ClientHello with its own bytes, so the handshake fails; it got the connection.
        await Assert.ThrowsAnyAsync<Exception>(() => tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "c.test",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }).WaitAsync(L4Client.ReadTimeout));
        Assert.Equal(1, other.Accepted);
        Assert.Equal(0, a.Accepted + b.Accepted);
    }

    [Fact]
    public async Task Passthrough_NotTls_ClosedAndLogged()
    {
        var logs = new LogCapture();
        await using var a = TlsEchoServer.Start("a.test");
        await using var b = TlsEchoServer.Start("*.b.test");
        await using var other = TcpEchoServer.Start("other");
        await using var gateway = await TestGateway.StartAsync(Config(a, b, other), logs: logs);
        using var socket = await L4Client.ConnectAsync(gateway.EndPoint("tls"));

        await L4Client.SendAsync(socket, "GET / HTTP/1.1\r\n\r\n");

        Assert.True(await L4Client.IsClosedAsync(socket));
        await Wait.UntilAsync(() => logs.Contains(5006, "does not start with a TLS handshake"), "the rejection is logged");
        Assert.Equal(0, other.Accepted);
    }
}
