using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// https:// destinations: trusted through <c>http.tls.caFile</c> (a CA the system store does not know), over HTTP/1.1
/// and over HTTP/2 by ALPN with <c>version: "2"</c>; refused (502) when the certificate is not trusted.
/// </summary>
public sealed class TlsUpstreamTests
{
    private static string Config(string address, string http) => Yaml.ForAddress(address, $"http: {http}");

    [Theory]
    [InlineData("1.1", HttpProtocols.Http1, "HTTP/1.1")]
    [InlineData("2", HttpProtocols.Http1AndHttp2, "HTTP/2")]
    public async Task Get_DestinationSignedByCaFile_AnsweredOverTls(string version, HttpProtocols backendProtocols, string expectedProtocol)
    {
        using var tls = new TlsFiles("Upstream Test CA");
        await using var backend = await TestBackend.StartAsync("b1", backendProtocols, tls.Authority.IssueServer("backend", ["localhost"]));
        await using var gateway = await TestGateway.StartAsync(Config(backend.Address, $"{{ version: \"{version}\", tls: {{ caFile: \"{tls.CaFile}\" }} }}"));

        var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/secure");

        Assert.Equal(expectedProtocol, answer!.Protocol);
        Assert.Equal("/secure", answer.Path);
    }

    [Fact]
    public async Task Get_DestinationCertificateNotTrusted_Answers502UntilCaFileGiven()
    {
        using var tls = new TlsFiles("Unknown CA");
        await using var backend = await TestBackend.StartAsync("b1", HttpProtocols.Http1, tls.Authority.IssueServer("backend", ["localhost"]));
        await using var gateway = await TestGateway.StartAsync(Config(backend.Address, "{ version: \"1.1\" }"));

        using var refused = await gateway.Client.GetAsync(gateway.Url() + "/x");
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(0, backend.Requests);

        var reload = await gateway.ReloadAsync(Config(backend.Address, $"{{ version: \"1.1\", tls: {{ caFile: \"{tls.CaFile}\" }} }}"));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        using var trusted = await gateway.Client.GetAsync(gateway.Url() + "/x");
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
    }

    [Fact]
    public async Task Get_InsecureSkipVerify_AcceptsUntrustedCertificate()
    {
        using var tls = new TlsFiles("Unknown CA");
        await using var backend = await TestBackend.StartAsync("b1", HttpProtocols.Http1AndHttp2, tls.Authority.IssueServer("backend", ["elsewhere.test"], loopbackIps: false));
        await using var gateway = await TestGateway.StartAsync(Config(backend.Address, "{ version: \"2\", tls: { insecureSkipVerify: true } }"));

        var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/insecure");

        Assert.Equal("HTTP/2", answer!.Protocol);
    }

    [Fact]
    public async Task Get_ServerNameOverride_ChecksCertificateAgainstThatName()
    {
        using var tls = new TlsFiles("Upstream Test CA");
        // The certificate names only backend.internal: dialled as 127.0.0.1 it matches nothing unless serverName says so.
        await using var backend = await TestBackend.StartAsync("b1", HttpProtocols.Http1, tls.Authority.IssueServer("backend", ["backend.internal"], loopbackIps: false));
        await using var gateway = await TestGateway.StartAsync(Config(backend.Address, $"{{ tls: {{ caFile: \"{tls.CaFile}\" }} }}"));

        using var mismatch = await gateway.Client.GetAsync(gateway.Url() + "/x");
        Assert.Equal(HttpStatusCode.BadGateway, mismatch.StatusCode);

        var reload = await gateway.ReloadAsync(Config(backend.Address, $"{{ tls: {{ caFile: \"{tls.CaFile}\", serverName: backend.internal }} }}"));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        using var named = await gateway.Client.GetAsync(gateway.Url() + "/x");
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
    }
}
