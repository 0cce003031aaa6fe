using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary>An https listener terminates TLS and offers h2 and http/1.1 by ALPN; clients get what they ask for.</summary>
public sealed class HttpsListenerTests
{
    [Fact]
    public async Task Get_HttpsListener_ServesHttp11AndHttp2ByAlpn()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "localhost");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Https($"{{ certificates: {TlsFiles.CertificatesYaml(site)} }}", backend.Address));
        using var client = new HttpClient(tls.Authority.TrustingHandler());
        var url = $"https://localhost:{gateway.EndPoint().Port}/hello";

        using var http11 = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        using var http2 = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });

        Assert.Equal(HttpStatusCode.OK, http11.StatusCode);
        Assert.Equal(HttpVersion.Version11, http11.Version);
        Assert.Equal(HttpStatusCode.OK, http2.StatusCode);
        Assert.Equal(HttpVersion.Version20, http2.Version);
        var answer = await http2.Content.ReadFromJsonAsync<BackendAnswer>();
        Assert.Equal("/hello", answer!.Path);
        // The backend still speaks HTTP/1.1: the protocol is the listener's, not the cluster's.
        Assert.Equal("HTTP/1.1", answer.Protocol);
    }

    [Fact]
    public async Task Get_HttpsListenerWithHttp2False_OffersOnlyHttp11()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "localhost");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Https($"{{ certificates: {TlsFiles.CertificatesYaml(site)} }}", backend.Address, ", http2: false"));

        await using var probe = await TlsProbe.ConnectAsync(gateway.EndPoint(), "localhost", alpn: [System.Net.Security.SslApplicationProtocol.Http2, System.Net.Security.SslApplicationProtocol.Http11]);

        Assert.Equal(System.Net.Security.SslApplicationProtocol.Http11, probe.Stream.NegotiatedApplicationProtocol);
        Assert.Equal("HTTP/1.1 200 OK", await probe.GetStatusLineAsync("/x"));
    }
}
