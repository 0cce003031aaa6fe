using System.Net;
using System.Net.WebSockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// WebSockets over HTTP/2 (RFC 8441 extended CONNECT) from a ClientWebSocket: over h2c to an HTTP/1.1 backend (the
/// gateway turns the CONNECT into an Upgrade) and over TLS to an h2c backend (CONNECT end to end); and an HTTP/1.1
/// Upgrade to an h2c backend (the Upgrade becomes a CONNECT). Messages both ways, then a clean close.
/// </summary>
public sealed class WebSocketOverHttp2Tests
{
    [Fact]
    public async Task Connect_H2cClientToHttp11Backend_EchoesBothWays()
    {
        await using var backend = await TestBackend.StartAsync("ws");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, http2: true, address: 127.0.0.1:0 }
            routes:
              all: { cluster: ws }
            clusters:
              ws: { destinations: { d1: { address: "{{backend.Address}}" } } }
            """);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());

        await EchoOverHttp2Async(new Uri(gateway.Url().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"), invoker);

        Assert.Equal("HTTP/1.1", Assert.Single(backend.Received).Protocol);
    }

    [Fact]
    public async Task Connect_TlsClientToH2cBackend_EchoesBothWays()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "localhost");
        await using var backend = await TestBackend.StartAsync("ws", HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: https, address: 127.0.0.1:0, tls: { certificates: {{TlsFiles.CertificatesYaml(site)}} } }
            routes:
              all: { cluster: ws }
            clusters:
              ws: { http: { version: "2" }, destinations: { d1: { address: "{{backend.Address}}" } } }
            """);
        using var invoker = new HttpMessageInvoker(tls.Authority.TrustingHandler());

        await EchoOverHttp2Async(new Uri($"wss://localhost:{gateway.EndPoint().Port}/ws"), invoker);

        Assert.Equal("HTTP/2", Assert.Single(backend.Received).Protocol);
    }

    [Fact]
    public async Task Upgrade_Http11ClientToH2cBackend_EchoesBothWays()
    {
        await using var backend = await TestBackend.StartAsync("ws", HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("http: { version: \"2\" }", backend));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri(gateway.Url().Replace("http://", "ws://", StringComparison.Ordinal) + "/ws"), deadline.Token);
        await WebSocketMessages.AssertEchoAndCloseAsync(socket, deadline.Token);

        Assert.Equal("HTTP/2", Assert.Single(backend.Received).Protocol);
    }

    private static async Task EchoOverHttp2Async(Uri uri, HttpMessageInvoker invoker)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        await socket.ConnectAsync(uri, invoker, deadline.Token);
        await WebSocketMessages.AssertEchoAndCloseAsync(socket, deadline.Token);
    }
}
