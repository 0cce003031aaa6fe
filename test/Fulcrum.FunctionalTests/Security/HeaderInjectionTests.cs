using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Bytes that would split, hide or fold headers downstream (NUL, CR, LF, DEL in names or values, an empty name,
/// whitespace before the colon, obs-fold, bare LF line endings, a non-token name): each is refused with 400 and a
/// close, and the spy backend receives nothing from that connection.
/// </summary>
public sealed class HeaderInjectionTests(ITestOutputHelper output)
{
    /// <summary>Name, request, and whether it must be refused (false: Kestrel accepts it, and what it forwards is clean).</summary>
    public static readonly TheoryData<string, string, bool> Requests = new()
    {
        { "NUL in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u0000c\r\n\r\n", true },
        { "CR in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rInjected: 1\r\n\r\n", true },
        { "LF in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\nInjected: 1\r\n\r\n", true },
        { "empty name", "GET / HTTP/1.1\r\nHost: a\r\n: empty-name\r\n\r\n", true },
        { "space before colon", "GET / HTTP/1.1\r\nHost: a\r\nX-A : b\r\n\r\n", true },
        { "obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", true },
        { "obs-fold tab", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", true },
        { "name with space", "GET / HTTP/1.1\r\nHost: a\r\nX A: b\r\n\r\n", true },
        { "NUL in name", "GET / HTTP/1.1\r\nHost: a\r\nX\u0000A: b\r\n\r\n", true },
        { "bare LF line endings", "GET / HTTP/1.1\nHost: a\nX-A: b\n\n", true },
        { "bare LF after headers", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\n", true },
        { "bare CR line ending", "GET / HTTP/1.1\rHost: a\r\n\r\n", true },
        { "NUL in target", "GET /a%00b HTTP/1.1\r\nHost: a\r\n\r\n", true },
        { "HTTP/1.2", "GET / HTTP/1.2\r\nHost: a\r\n\r\n", true },
        { "bad method token", "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", true },
        { "* with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", true },
        // Accepted by Kestrel: the name is not a token, so the forwarder drops the field rather than send it.
        { "name with (", "GET / HTTP/1.1\r\nHost: a\r\nX(A: b\r\n\r\n", false },
        // Accepted by Kestrel and sent on as it came: DEL is no line or field delimiter for any parser.
        { "DEL in value", "GET / HTTP/1.1\r\nHost: a\r\nX-A: \u007f\r\n\r\n", false },
        // Accepted by Kestrel and forwarded percent-encoded (/a%01b).
        { "control char in target", "GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n", false },
        // Kestrel keeps '#' in the path; the admin route still matches it and its policy refuses (401).
        { "fragment in target", "GET /admin/x#frag HTTP/1.1\r\nHost: a\r\n\r\n", false },
    };

    [Fact]
    public async Task Send_MalformedHeaderLines_400AndNothingForwarded()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        var violations = new List<string>();
        foreach (var row in Requests)
        {
            var (name, request, mustRefuse) = ((string)row[0], (string)row[1], (bool)row[2]);
            spy.ResetCounters();
            var exchange = await SpyGateway.ExchangeAsync(gateway, request.Replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n", StringComparison.Ordinal));
            var seen = spy.Requests.SingleOrDefault();
            output.WriteLine($"{name,-24} {exchange} spy {(seen is null ? "-" : seen.RequestLine + " " + string.Join("; ", seen.Headers.Select(h => h.Key)))}");
            if (mustRefuse && (exchange.Statuses.Count != 1 || exchange.Statuses[0] is < 400 or (>= 500 and not 505) || !exchange.Closed))
            {
                violations.Add($"{name}: expected one 4xx (or 505) and a close, got {exchange}");
            }

            if (mustRefuse && seen is not null)
            {
                violations.Add($"{name}: the spy received {seen.RequestLine}");
            }

            if (exchange.Statuses.Count == 0 || exchange.Statuses[0] >= 500 && exchange.Statuses[0] != 505)
            {
                violations.Add($"{name}: answered {exchange}");
            }

            foreach (var header in seen?.Headers ?? [])
            {
                if (header.Key.Equals("Injected", StringComparison.OrdinalIgnoreCase)
                    || header.Key.Any(c => c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".Contains(c, StringComparison.Ordinal))
                    || header.Value.Any(c => c is < ' ' and not '\t'))
                {
                    violations.Add($"{name}: the spy received the header line {header.Key}: {header.Value}");
                }
            }

            if (seen is not null && seen.Target.Any(c => c < ' '))
            {
                violations.Add($"{name}: the spy received a control character in {seen.Target}");
            }
        }

        // The listener still serves after all that.
        using var fine = await gateway.Client.GetAsync(gateway.Url() + "/fine");
        Assert.Equal(200, (int)fine.StatusCode);
        output.WriteLine($"S4/B2 header injection: {Requests.Count} cases, injected headers at spy 0 expected, violations {violations.Count}");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
