using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Host and request-target forms (RFC 9112 §3.2): a missing, repeated or invalid Host is 400; an absolute-form
/// target routes by its own authority (a Host that disagrees is refused), and the path policies apply to it; a host
/// no route names gets 404 rather than a default backend; Host never picks where the gateway connects.
/// </summary>
public sealed class HostHeaderTests(ITestOutputHelper output)
{
    private static string Config(SpyBackend spy, SpyBackend other) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          example: { match: { hosts: [example.com] }, cluster: spy }
        clusters:
          spy: { destinations: {{Yaml.Destinations(spy)}} }
          other: { destinations: {{Yaml.Destinations(other)}} }
        """;

    /// <summary>Name, request, the statuses allowed, whether the spy may see it.</summary>
    public static readonly TheoryData<string, string, int[], bool> Requests = new()
    {
        { "missing Host", "GET / HTTP/1.1\r\n\r\n", [400], false },
        { "two Host lines", "GET / HTTP/1.1\r\nHost: example.com\r\nHost: example.com\r\n\r\n", [400], false },
        { "Host a/b", "GET / HTTP/1.1\r\nHost: example.com/b\r\n\r\n", [400], false },
        { "Host a@b", "GET / HTTP/1.1\r\nHost: a@example.com\r\n\r\n", [400], false },
        { "Host control char", "GET / HTTP/1.1\r\nHost: example.com\u0002\r\n\r\n", [400], false },
        { "Host a:1:2", "GET / HTTP/1.1\r\nHost: example.com:1:2\r\n\r\n", [400], false },
        { "Host with space", "GET / HTTP/1.1\r\nHost: example .com\r\n\r\n", [400], false },
        { "Host case", "GET / HTTP/1.1\r\nHost: EXAMPLE.com\r\n\r\n", [200], true },
        { "Host with port", "GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", [200], true },
        { "unknown Host", "GET / HTTP/1.1\r\nHost: unknown.example\r\n\r\n", [404], false },
        { "empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", [404], false },
        { "absolute-form, same Host", "GET http://example.com/x HTTP/1.1\r\nHost: example.com\r\n\r\n", [200], true },
        { "absolute-form, other Host", "GET http://other.example/x HTTP/1.1\r\nHost: example.com\r\n\r\n", [400], false },
        { "absolute-form to honeypot", "GET http://127.0.0.2:9/x HTTP/1.1\r\nHost: 127.0.0.2:9\r\n\r\n", [404], false },
        { "CONNECT", "CONNECT 127.0.0.2:9 HTTP/1.1\r\nHost: 127.0.0.2:9\r\n\r\n", [400, 404, 405], false },
        { "HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", [404], false },
    };

    [Fact]
    public async Task Send_HostVariants_RefusedOrRoutedByAuthority()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var other = await SpyBackend.StartAsync("other");
        await using var gateway = await TestGateway.StartAsync(Config(spy, other));
        var violations = new List<string>();
        foreach (var row in Requests)
        {
            var (name, request, allowed, forwarded) = ((string)row[0], (string)row[1], (int[])row[2], (bool)row[3]);
            spy.ResetCounters();
            var exchange = await SpyGateway.ExchangeAsync(gateway, request.Replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", StringComparison.Ordinal));
            var seen = spy.Requests.SingleOrDefault();
            output.WriteLine($"S6 {name,-28} {exchange,-14} spy: {(seen is null ? "-" : $"{seen.RequestLine} Host={seen.Header("Host")}")}");
            if (exchange.Statuses.Count != 1 || !allowed.Contains(exchange.Statuses[0]))
            {
                violations.Add($"{name}: expected {string.Join("/", allowed)}, got {exchange}");
            }

            if (!forwarded && seen is not null)
            {
                violations.Add($"{name}: forwarded {seen.RequestLine}");
            }
        }

        Assert.Equal(0, other.AcceptedConnections);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
