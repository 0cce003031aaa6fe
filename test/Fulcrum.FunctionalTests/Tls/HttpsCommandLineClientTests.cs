using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary>Real command-line clients over TLS: curl (HTTP/1.1 and h2 by ALPN) and nghttp (h2), trusting the test CA.</summary>
public sealed class HttpsCommandLineClientTests
{
    [Fact]
    public async Task Curl_AndNghttp_OverHttps_AnsweredByBackend()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "localhost");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Https($"{{ certificates: {TlsFiles.CertificatesYaml(site)} }}", backend.Address));
        var url = $"https://localhost:{gateway.EndPoint().Port}/cli";

        var http11 = await ExternalTool.RunAsync("curl", "-sS", "--http1.1", "--cacert", tls.CaFile, "-o", "/dev/null", "-w", "%{http_version} %{http_code}", url);
        var http2 = await ExternalTool.RunAsync("curl", "-sS", "--http2", "--cacert", tls.CaFile, "-o", "/dev/null", "-w", "%{http_version} %{http_code}", url);
        var nghttp = await ExternalTool.RunAsync("nghttp", "-v", "--no-verify-peer", url);

        Assert.True(http11.ExitCode == 0, http11.Stderr);
        Assert.Equal("1.1 200", http11.Stdout);
        Assert.True(http2.ExitCode == 0, http2.Stderr);
        Assert.Equal("2 200", http2.Stdout);
        Assert.True(nghttp.ExitCode == 0, nghttp.Stdout + nghttp.Stderr);
        Assert.Contains("The negotiated protocol: h2", nghttp.Stdout, StringComparison.Ordinal);
        Assert.Contains(":status: 200", nghttp.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"Path\":\"/cli\"", nghttp.Stdout, StringComparison.Ordinal);
    }
}
