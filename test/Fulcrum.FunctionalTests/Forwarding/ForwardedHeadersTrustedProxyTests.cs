using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// Behind a trusted proxy the chain it built is kept: X-Forwarded-For gets the peer appended, Proto and Host pass
/// through; when the proxy sent none, the gateway's own values are used.
/// </summary>
public sealed class ForwardedHeadersTrustedProxyTests
{
    private static Task<TestGateway> StartAsync(TestBackend backend) => TestGateway.StartAsync($$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0, trustedProxies: [127.0.0.1/32] }
        routes:
          all: { cluster: b }
        clusters:
          b: { destinations: { b1: { address: "{{backend.Address}}" } } }
        """);

    [Fact]
    public async Task Get_ForwardedHeadersFromTrustedProxy_ChainKeptAndPeerAppended()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await StartAsync(backend);

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/who");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6, 10.0.0.1");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "public.example");
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal("6.6.6.6, 10.0.0.1, 127.0.0.1", received.Headers["X-Forwarded-For"]);
        Assert.Equal("https", received.Headers["X-Forwarded-Proto"]);
        Assert.Equal("public.example", received.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task Get_TrustedProxySentNoForwardedHeaders_GatewayValuesUsed()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await StartAsync(backend);

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/who");
        response.EnsureSuccessStatusCode();

        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal("127.0.0.1", received.Headers["X-Forwarded-For"]);
        Assert.Equal("http", received.Headers["X-Forwarded-Proto"]);
        Assert.Equal(new Uri(gateway.Url()).Authority, received.Headers["X-Forwarded-Host"]);
    }
}
