using System.Net.Http.Json;
using System.Security.Cryptography;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>A cluster with <c>http: { version: "2" }</c> speaks h2c (prior knowledge) to an HTTP/2-only backend.</summary>
public sealed class Http2UpstreamTests
{
    [Fact]
    public async Task Get_ClusterVersion2_BackendAnsweredOverHttp2()
    {
        await using var backend = await TestBackend.StartAsync("h2", HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: h2 }
            clusters:
              h2:
                http: { version: "2" }
                destinations: { d1: { address: "{{backend.Address}}" } }
            """);

        var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/h2?x=1");
        Assert.Equal("HTTP/2", answer!.Protocol);
        Assert.Equal("/h2", answer.Path);

        // A body crosses the protocol change (HTTP/1.1 from the client, HTTP/2 upstream) intact. Small enough for
        // the socket buffers: HttpClient sends all of an HTTP/1.1 body before reading the echo (see LargeBodyEchoTests).
        var body = RandomNumberGenerator.GetBytes(64 * 1024);
        using var response = await gateway.Client.PostAsync(gateway.Url() + "/echo", new ByteArrayContent(body));
        response.EnsureSuccessStatusCode();
        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
    }
}
