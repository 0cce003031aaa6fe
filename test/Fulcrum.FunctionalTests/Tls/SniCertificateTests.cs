using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary>The server certificate is chosen by SNI: exact SAN, then wildcard SAN (one label), then the first as default.</summary>
public sealed class SniCertificateTests
{
    [Fact]
    public async Task Handshake_ServerName_GetsCertificateForThatName()
    {
        using var tls = new TlsFiles();
        var fallback = tls.Server("default", "default.test");
        var wildcard = tls.Server("wildcard", "*.example.com");
        var exact = tls.Server("exact", "api.example.com");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Https($"{{ certificates: {TlsFiles.CertificatesYaml(fallback, wildcard, exact)} }}", backend.Address));

        (string? ServerName, string Expected)[] cases =
        [
            ("api.example.com", "api.example.com"),
            ("API.Example.COM", "api.example.com"),
            ("shop.example.com", "*.example.com"),
            // A wildcard covers one label only.
            ("deep.shop.example.com", "default.test"),
            ("example.com", "default.test"),
            // Wrong or missing SNI gets the default (the first certificate).
            ("unknown.test", "default.test"),
            (null, "default.test"),
        ];
        foreach (var (serverName, expected) in cases)
        {
            await using var probe = await TlsProbe.ConnectAsync(gateway.EndPoint(), serverName);

            Assert.True(probe.ServerNames.SequenceEqual([expected]), $"SNI {serverName ?? "(none)"} got {string.Join(",", probe.ServerNames)}, expected {expected}");
            Assert.Equal("HTTP/1.1 200 OK", await probe.GetStatusLineAsync("/"));
        }
    }
}
