using System.Security.Authentication;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary><c>tls.minVersion: "1.3"</c> refuses a TLS 1.2 client; the default (1.2) serves it.</summary>
public sealed class MinVersionTests
{
    [Fact]
    public async Task Handshake_Tls12ClientAgainstMinVersion13_Refused()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "site.test");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var strict = await TestGateway.StartAsync($$"""
            listeners:
              strict: { protocol: https, address: 127.0.0.1:0, tls: { minVersion: "1.3", certificates: {{TlsFiles.CertificatesYaml(site)}} } }
              lenient: { protocol: https, address: 127.0.0.1:0, tls: { certificates: {{TlsFiles.CertificatesYaml(site)}} } }
            routes:
              all: { cluster: pool }
            clusters:
              pool: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);

        var refused = await Record.ExceptionAsync(() => TlsProbe.ConnectAsync(strict.EndPoint("strict"), "site.test", SslProtocols.Tls12));
        await using var tls13 = await TlsProbe.ConnectAsync(strict.EndPoint("strict"), "site.test", SslProtocols.Tls13);
        await using var tls12 = await TlsProbe.ConnectAsync(strict.EndPoint("lenient"), "site.test", SslProtocols.Tls12);

        Assert.True(refused is AuthenticationException or IOException, $"expected a failed handshake, got {refused?.GetType().Name ?? "success"}");
        Assert.Equal(SslProtocols.Tls13, tls13.Stream.SslProtocol);
        Assert.Equal("HTTP/1.1 200 OK", await tls13.GetStatusLineAsync("/"));
        Assert.Equal(SslProtocols.Tls12, tls12.Stream.SslProtocol);
        Assert.Equal("HTTP/1.1 200 OK", await tls12.GetStatusLineAsync("/"));
    }
}
