using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// <c>Connection:</c> naming the API key, X-Forwarded-*, X-Real-IP and the identity header the gateway sets, plus
/// every hop-by-hop header. Fulcrum, like nginx and Envoy, does not honour names nominated in <c>Connection</c>
/// (honouring them is what let clients strip proxy-set headers in Traefik CVE-2021-32813/CVE-2024-45410 and Apache
/// CVE-2022-31813): the policy reads the key the client sent, the headers the gateway sets reach the backend with
/// the gateway's values, and the fixed hop-by-hop set never passes.
/// </summary>
public sealed class HopByHopAbuseTests(ITestOutputHelper output)
{
    private const string Nominating = "Connection: keep-alive, X-Api-Key, X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host, X-Real-IP, X-Consumer-Id, Authorization\r\n";

    private const string HopByHop = "Keep-Alive: timeout=5\r\nTE: trailers, gzip\r\nProxy-Connection: keep-alive\r\nProxy-Authorization: Basic YTpi\r\nUpgrade: foo\r\n";

    [Fact]
    public async Task Get_ConnectionNominatesGatewayHeaders_GatewayValuesReachBackendHopByHopDropped()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));

        var exchange = await SpyGateway.ExchangeAsync(gateway,
            "GET /admin/x HTTP/1.1\r\nHost: a\r\n" + Nominating + HopByHop
            + $"X-Api-Key: {SpyGateway.Key}\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil\r\nX-Consumer-Id: mallory\r\nX-End-To-End: kept\r\n\r\n"
            + "GET /follow HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal([200, 200], exchange.Statuses);
        var seen = spy.Requests[0];
        output.WriteLine(string.Join("\n", seen.Headers.Select(h => $"  {h.Key}: {h.Value}")));
        Assert.Equal("/admin/x", seen.Target);
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
        Assert.Equal("http", seen.Header("X-Forwarded-Proto"));
        Assert.Equal("a", seen.Header("X-Forwarded-Host"));
        Assert.Equal("alice", seen.Header("X-Consumer-Id"));
        Assert.Equal("kept", seen.Header("X-End-To-End"));
        Assert.Null(seen.Header("X-Api-Key"));
        foreach (var name in new[] { "Keep-Alive", "Proxy-Connection", "Proxy-Authorization", "Upgrade", "X-Real-IP" })
        {
            Assert.True(seen.Header(name) is null, $"{name} reached the backend: {seen.Header(name)}");
        }

        Assert.True(seen.Header("TE") is null or "trailers", $"TE: {seen.Header("TE")}");
        Assert.DoesNotContain(seen.All("Connection"), v => v.Contains("X-", StringComparison.OrdinalIgnoreCase));
        output.WriteLine("S7 hop-by-hop: gateway headers missing at spy 0, hop-by-hop headers at spy 0");
    }

    [Fact]
    public async Task Get_ConnectionNominatesKeyWithoutKey_Still401()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));

        var exchange = await SpyGateway.ExchangeAsync(gateway,
            "GET /admin/x HTTP/1.1\r\nHost: a\r\nConnection: close, X-Api-Key\r\nX-Api-Key: wrong\r\n\r\n");

        Assert.Equal([401], exchange.Statuses);
        Assert.Equal(0, spy.RequestCount);
    }
}
