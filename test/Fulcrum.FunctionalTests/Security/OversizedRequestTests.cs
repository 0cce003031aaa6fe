using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Kestrel's limits on every listener: a request line over 8 KiB gets 414, headers over 32 KiB or more than 100
/// header fields get 431, each with a close, and nothing reaches the backend.
/// </summary>
public sealed class OversizedRequestTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string, string, int> Requests = new()
    {
        { "request line 9 KiB", $"GET /{new string('a', 9 * 1024)} HTTP/1.1\r\nHost: a\r\n\r\n", 414 },
        { "one header 33 KiB", $"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('b', 33 * 1024)}\r\n\r\n", 431 },
        { "headers 40 KiB in 40", "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"X-H{i}: {new string('c', 1024)}\r\n")) + "\r\n", 431 },
        { "101 headers", "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H{i}: v\r\n")) + "\r\n", 431 },
        { "admin, 101 headers", "GET /admin/x HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H{i}: v\r\n")) + "\r\n", 431 },
    };

    [Fact]
    public async Task Send_OverKestrelLimits_414Or431NothingForwarded()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        var violations = new List<string>();
        foreach (var row in Requests)
        {
            var (name, request, expected) = ((string)row[0], (string)row[1], (int)row[2]);
            var exchange = await SpyGateway.ExchangeAsync(gateway, request);
            output.WriteLine($"B1 {name,-22} {exchange}");
            if (exchange.Statuses.Count != 1 || exchange.Statuses[0] != expected || !exchange.Closed)
            {
                violations.Add($"{name}: expected {expected} and a close, got {exchange}");
            }
        }

        // Just under the limits passes.
        var fits = await SpyGateway.ExchangeAsync(gateway, "GET / HTTP/1.1\r\nHost: a\r\n" + string.Concat(Enumerable.Range(0, 90).Select(i => $"X-H{i}: v\r\n")) + "Connection: close\r\n\r\n");
        Assert.Equal([200], fits.Statuses);
        Assert.Equal(1, spy.RequestCount);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
