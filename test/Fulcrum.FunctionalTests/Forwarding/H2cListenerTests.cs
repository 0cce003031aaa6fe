using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// <c>http2: true</c> on a cleartext listener serves h2c with prior knowledge beside HTTP/1.1 (HttpClient and
/// nghttp), end to end to an h2c destination; without it the listener is HTTP/1.1 only, and toggling it rebinds.
/// </summary>
public sealed class H2cListenerTests
{
    private static string Config(string http2, string backend) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0{{http2}} }
        routes:
          all: { cluster: h2 }
        clusters:
          h2:
            http: { version: "2" }
            destinations: { d1: { address: "{{backend}}" } }
        """;

    [Fact]
    public async Task Get_PriorKnowledgeH2cAndHttp11_BothServedEndToEndOverHttp2Upstream()
    {
        await using var backend = await TestBackend.StartAsync("h2", HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync(Config(", http2: true", backend.Address));

        using var h2c = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/h2c")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        using var http11 = await gateway.Client.GetAsync(gateway.Url() + "/h1");
        var nghttp = await ExternalTool.RunAsync("nghttp", "-v", gateway.Url() + "/nghttp");

        Assert.Equal(HttpVersion.Version20, h2c.Version);
        Assert.Equal("HTTP/2", (await h2c.Content.ReadFromJsonAsync<BackendAnswer>())!.Protocol);
        Assert.Equal(HttpVersion.Version11, http11.Version);
        Assert.Equal(HttpStatusCode.OK, http11.StatusCode);
        Assert.True(nghttp.ExitCode == 0, nghttp.Stdout + nghttp.Stderr);
        Assert.Contains(":status: 200", nghttp.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"Path\":\"/nghttp\"", nghttp.Stdout, StringComparison.Ordinal);
        // The connection is cleartext, whatever Kestrel was told to make it pick HTTP/2.
        Assert.All(backend.Received, r => Assert.Equal("http", r.Headers["X-Forwarded-Proto"]));
    }

    [Fact]
    public async Task Get_H2cWhenNotEnabled_RefusedThenServedAfterReloadRebinds()
    {
        await using var backend = await TestBackend.StartAsync("h2", HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync(Config("", backend.Address));
        var before = gateway.Runtime.Listeners["web"].Server;
        var h2c = () => gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/h2c")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

        await Assert.ThrowsAsync<HttpRequestException>(h2c);

        var reload = await gateway.ReloadAsync(Config(", http2: true", backend.Address));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        Assert.NotSame(before, gateway.Runtime.Listeners["web"].Server);
        using var served = await h2c();
        Assert.Equal(HttpVersion.Version20, served.Version);
    }
}
