using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Cors;

/// <summary>
/// Garbage in CORS headers is refused or ignored, never a 500: odd origins get no grant, a preflight naming
/// malformed or thousands of headers gets 403 (or Kestrel's 431 past the listener's header limit).
/// </summary>
public sealed class CorsBadInputTests
{
    private const string Config = """
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          api: { policies: [web-cors], cluster: pool }
        clusters:
          pool: { destinations: DESTINATIONS }
        policies:
          web-cors: { type: cors, allowOrigins: ["https://*.example.com"], allowHeaders: [Content-Type] }
        """;

    public static TheoryData<string, int[]> Requests() => new()
    {
        // Actual requests with odd origins: forwarded, no grant.
        { "GET / HTTP/1.1\r\nHost: x\r\nOrigin: null\r\n\r\n", [200] },
        { "GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com/../evil\r\n\r\n", [200] },
        { "GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.test#.example.com\r\n\r\n", [200] },
        { "GET / HTTP/1.1\r\nHost: x\r\nOrigin: \r\n\r\n", [200] },
        { $"GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://{new string('a', 6000)}.example.com.evil\r\n\r\n", [200] },
        { "GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com\r\nOrigin: https://b.example.com\r\n\r\n", [200] },
        { "GET / HTTP/1.1\r\nHost: x\r\nOrigin: https://\u00e9.example.com\r\n\r\n", [200, 400] },
        // Preflights with garbage: refused.
        { "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com\r\nAccess-Control-Request-Method: G E T\r\n\r\n", [403] },
        { "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Method: POST\r\n\r\n", [403] },
        { "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: content-type, (bad)\r\n\r\n", [403] },
        { $"OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: {HeaderList(2500)}\r\n\r\n", [403] },
        { $"OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.com\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: {HeaderList(10_000)}\r\n\r\n", [431] },
        { "OPTIONS / HTTP/1.1\r\nHost: x\r\nOrigin: garbage\r\nAccess-Control-Request-Method: GET\r\n\r\n", [403] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Send_GarbageCorsHeaders_RefusedOrIgnoredNever500(string raw, int[] expected)
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync(Config.Replace("DESTINATIONS", Yaml.Destinations(backend), StringComparison.Ordinal));
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;

        var response = await RawConnection.SendAsync(endPoint, raw);

        Assert.Contains(response.Status, expected);
        Assert.False(response.HasHeaderStartingWith("Access-Control-"), response.Head);
        if (response.Status != 200)
        {
            Assert.Equal(0, backend.Requests);
        }
    }

    private static string HeaderList(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => $"x-h{i}"));
}
