using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// A client outside <c>trustedProxies</c> claims another address through X-Forwarded-For, X-Real-IP and Forwarded:
/// the IP rule judges the socket's address, and the backend sees only the gateway's account of the client (XFF =
/// the socket address, no Forwarded, no X-Real-IP). From a trusted proxy (127.0.0.2), the right-most untrusted hop
/// is the client, and the chain is kept with the proxy appended.
/// </summary>
public sealed class ForwardedForSpoofingTests(ITestOutputHelper output)
{
    private static string Config(SpyBackend spy) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0, trustedProxies: [127.0.0.2/32] }
        routes:
          partners: { match: { pathPrefix: /partners }, policies: [only-partner], cluster: spy }
          all: { match: { pathPrefix: / }, cluster: spy }
        clusters:
          spy: { destinations: {{Yaml.Destinations(spy)}} }
        policies:
          only-partner: { type: ipFilter, allow: [1.2.3.4/32] }
        """;

    private const string Spoofing = "X-Forwarded-For: 1.2.3.4\r\nX-Real-IP: 1.2.3.4\r\nForwarded: for=1.2.3.4;proto=https\r\nX-Forwarded-Proto: https\r\n";

    [Fact]
    public async Task Get_UntrustedClientSpoofsAddress_SocketAddressUsedAndForwarded()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config(spy));

        var refused = await SpyGateway.ExchangeAsync(gateway, "GET /partners/x HTTP/1.1\r\nHost: a\r\n" + Spoofing + "Connection: close\r\n\r\n");
        var passed = await SpyGateway.ExchangeAsync(gateway, "GET /other HTTP/1.1\r\nHost: a\r\n" + Spoofing + "Connection: close\r\n\r\n");

        Assert.Equal([403], refused.Statuses);
        Assert.Equal([200], passed.Statuses);
        var seen = spy.Requests.Single();
        Assert.Equal("/other", seen.Target);
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("http", seen.Header("X-Forwarded-Proto"));
        Assert.Null(seen.Header("Forwarded"));
        Assert.Null(seen.Header("X-Real-IP"));
        output.WriteLine("S8 untrusted spoofing: spoofed IPs honoured 0 (ipFilter 403, XFF at spy 127.0.0.1, Forwarded/X-Real-IP dropped)");
    }

    [Fact]
    public async Task Get_TrustedProxyChain_RightMostUntrustedHopIsClient()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config(spy));
        await using var proxy = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway), localAddress: "127.0.0.2");

        await proxy.TryWriteAsync("GET /partners/x HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 9.9.9.9, 1.2.3.4\r\nConnection: close\r\n\r\n");
        var response = await proxy.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal("9.9.9.9, 1.2.3.4, 127.0.0.2", spy.Requests.Single().Header("X-Forwarded-For"));
    }
}
