using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// A client that is not a trusted proxy cannot choose what the backend believes about it: X-Forwarded-For/Proto/Host
/// it sends are replaced with the peer address, the listener's scheme and the Host it asked for.
/// </summary>
public sealed class ForwardedHeadersUntrustedClientTests
{
    [Theory]
    [InlineData("")]
    [InlineData("trustedProxies: [10.0.0.0/8, 192.168.1.1]")]
    public async Task Get_SpoofedForwardedHeaders_ReplacedWithPeer(string trust)
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web:
                protocol: http
                address: 127.0.0.1:0
                {{trust}}
            routes:
              all: { cluster: b }
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/who");
        request.Headers.Add("X-Forwarded-For", "6.6.6.6");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.test");
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal("127.0.0.1", received.Headers["X-Forwarded-For"]);
        Assert.Equal("http", received.Headers["X-Forwarded-Proto"]);
        Assert.Equal(new Uri(gateway.Url()).Authority, received.Headers["X-Forwarded-Host"]);
    }

    [Fact]
    public async Task Get_SpoofedRfc7239Forwarded_Removed()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address));

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/who");
        request.Headers.Add("Forwarded", "for=6.6.6.6;proto=https;host=evil.test");
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        // RFC 7239 carries the same claims as X-Forwarded-*; passing it on would let a client spoof them there.
        // Regression: it used to be copied through untouched.
        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.False(received.Headers.ContainsKey("Forwarded"), "the spoofed Forwarded header reached the backend");
        Assert.Equal("127.0.0.1", received.Headers["X-Forwarded-For"]);
    }
}
