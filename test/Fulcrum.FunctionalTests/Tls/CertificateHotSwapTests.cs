using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary>
/// Certificate files are watched: a replaced pair is swapped in for new handshakes while open connections keep
/// theirs and the listener is not rebound; a broken or expired replacement is refused and the old one keeps serving.
/// </summary>
public sealed class CertificateHotSwapTests
{
    private static string Config((string CertFile, string KeyFile) pair, string backend) =>
        Yaml.Https($"{{ certificates: {TlsFiles.CertificatesYaml(pair)} }}", backend);

    /// <summary>Writes a new pair over the old one the way cert-manager and certbot do: a temporary file renamed into place.</summary>
    private static void Replace(TlsFiles tls, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, (string CertFile, string KeyFile) pair)
    {
        var (tempCert, tempKey) = tls.Write(certificate, "incoming");
        File.Move(tempKey, pair.KeyFile, overwrite: true);
        File.Move(tempCert, pair.CertFile, overwrite: true);
    }

    private static async Task<string> ServedThumbprintAsync(TestGateway gateway)
    {
        await using var probe = await TlsProbe.ConnectAsync(gateway.EndPoint(), "site.test");
        return probe.ServerCertificate.Thumbprint;
    }

    [Fact]
    public async Task Handshake_FilesReplaced_NewHandshakesGetNewCertificateOpenConnectionKept()
    {
        using var tls = new TlsFiles();
        var first = tls.Authority.IssueServer("site.test", ["site.test"]);
        var pair = tls.Write(first, "site");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Config(pair, backend.Address));
        var server = gateway.Runtime.Listeners["web"].Server;
        await using var open = await TlsProbe.ConnectAsync(gateway.EndPoint(), "site.test");
        Assert.Equal("HTTP/1.1 200 OK", await open.GetStatusLineAsync("/before"));

        var second = tls.Authority.IssueServer("site.test", ["site.test"]);
        Replace(tls, second, pair);

        await Wait.UntilAsync(async () => await ServedThumbprintAsync(gateway) == second.Thumbprint, "new handshakes get the new certificate");
        Assert.Equal(first.Thumbprint, open.ServerCertificate.Thumbprint);
        Assert.Equal("HTTP/1.1 200 OK", await open.GetStatusLineAsync("/after"));
        Assert.Same(server, gateway.Runtime.Listeners["web"].Server);
    }

    [Fact]
    public async Task Handshake_BrokenThenExpiredReplacement_OldCertificateKeepsServing()
    {
        using var tls = new TlsFiles();
        var first = tls.Authority.IssueServer("site.test", ["site.test"]);
        var pair = tls.Write(first, "site");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Config(pair, backend.Address));
        var store = gateway.Runtime.Listeners["web"].Model.Tls!.Certificates;

        await File.WriteAllTextAsync(pair.CertFile, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        await Wait.UntilAsync(() => store.FailedReloads == 1, "the broken file was tried and refused");
        Assert.Equal(first.Thumbprint, await ServedThumbprintAsync(gateway));

        Replace(tls, tls.Authority.IssueServer("site.test", ["site.test"], notAfter: DateTimeOffset.UtcNow.AddDays(-1)), pair);
        await Wait.UntilAsync(() => store.FailedReloads == 2, "the expired certificate was tried and refused");
        Assert.Equal(first.Thumbprint, await ServedThumbprintAsync(gateway));
        Assert.Equal(0, store.Swaps);

        // Fixed files are taken as soon as they appear.
        var fixedCertificate = tls.Authority.IssueServer("site.test", ["site.test"]);
        Replace(tls, fixedCertificate, pair);
        await Wait.UntilAsync(async () => await ServedThumbprintAsync(gateway) == fixedCertificate.Thumbprint, "the fixed certificate is served");
    }

    [Fact]
    public async Task Reload_OnlyCertificatePathsChange_ListenerNotRebound()
    {
        using var tls = new TlsFiles();
        var first = tls.Server("first", "site.test");
        var second = tls.Server("second", "site.test");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Config(first, backend.Address));
        var server = gateway.Runtime.Listeners["web"].Server;
        await using var open = await TlsProbe.ConnectAsync(gateway.EndPoint(), "site.test");
        var firstThumbprint = open.ServerCertificate.Thumbprint;

        var reload = await gateway.ReloadAsync(Config(second, backend.Address));

        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        Assert.Same(server, gateway.Runtime.Listeners["web"].Server);
        Assert.NotEqual(firstThumbprint, await ServedThumbprintAsync(gateway));
        Assert.Equal("HTTP/1.1 200 OK", await open.GetStatusLineAsync("/still-open"));
    }
}
