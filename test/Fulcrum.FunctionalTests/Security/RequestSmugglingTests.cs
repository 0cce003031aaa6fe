using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// HTTP/1.1 request smuggling (CL.TE, TE.CL, TE.TE obfuscations, duplicated and malformed Content-Length, HTTP/1.0
/// with chunked): each payload is followed on the same connection by a request for <c>/admin/smuggled</c> without
/// a key and then a normal request. Whatever the gateway decides, it must decide it once: the spy backend may see
/// a request only as the gateway framed it (never with both Content-Length and Transfer-Encoding, never two
/// Content-Length lines), never <c>/admin</c> (the gateway answers that 401 when it parses it as a request), and
/// never more requests than the client got 2xx answers for. Ambiguous framing must be refused with 400.
/// </summary>
public sealed class RequestSmugglingTests(ITestOutputHelper output)
{
    private const string Smuggled = "GET /admin/smuggled HTTP/1.1\r\nHost: a\r\n\r\n";
    private const string FollowUp = "GET /follow HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    /// <summary>Name, the first request's bytes, and whether it must be refused with 400 (false: either is fine).</summary>
    public static readonly TheoryData<string, string, bool> Payloads = new()
    {
        { "CL.TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false },
        { "TE.CL", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n", false },
        { "TE xchunked", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: xchunked\r\n\r\nhello", true },
        { "TE trailing space", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked \r\n\r\nhello", false },
        { "TE space before colon", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding : chunked\r\n\r\nhello", true },
        { "TE tab", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding:\tchunked\r\n\r\nhello", false },
        { "TE vertical tab", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding:\u000bchunked\r\n\r\nhello", true },
        { "TE chunked, chunked", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked, chunked\r\n\r\nhello", true },
        { "TE chunked + identity", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\nhello", true },
        { "TE gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: gzip, chunked\r\n\r\nhello", false },
        { "TE gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\nhello", true },
        { "CL 5 + CL 10", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 10\r\n\r\nhello", true },
        { "CL -1", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\nhello", true },
        { "CL 005", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 005\r\n\r\nhello", false },
        { "CL 1_0", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1_0\r\n\r\nhello", true },
        // Kestrel reads "+5" as 5 and the backend is sent "Content-Length: 5": one normalised request.
        { "CL +5", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello", false },
        { "CL empty", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\nhello", true },
        { "CL 5, 10", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 10\r\n\r\nhello", true },
        { "CL 5, 5", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello", false },
        { "CL 0x5", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello", true },
        { "HTTP/1.0 chunked", "POST / HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", false },
        { "GET with CL body", "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello", false },
        // Chunk framing (CVE-2025-55315 and its relatives): a lone LF where CRLF belongs, odd size forms.
        { "chunk ext bare LF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2;\nxx\r\nxy\r\n0\r\n\r\n", true },
        { "chunk size bare LF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n", true },
        { "chunk data bare LF", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", true },
        { "chunk size 0x5", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", true },
        { "chunk size +5", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", true },
        { "chunk size 5 space", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", false },
        { "chunk size 20 digits", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000000005\r\nhello\r\n0\r\n\r\n", false },
        { "chunk size overflow", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF5\r\nhello\r\n0\r\n\r\n", true },
        { "chunk ext valid", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n0\r\n\r\n", false },
    };

    [Fact]
    public async Task Send_SmugglingPayloads_FramedOnceNothingSmuggled()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        var violations = new List<string>();
        var refused = 0;
        foreach (var row in Payloads)
        {
            var (name, payload, mustRefuse) = ((string)row[0], (string)row[1], (bool)row[2]);
            spy.ResetCounters();
            var exchange = await SpyGateway.ExchangeAsync(gateway, payload + Smuggled + FollowUp);
            var seen = spy.Requests;
            var answered = exchange.Statuses.Count(s => s is >= 200 and < 300);
            output.WriteLine($"{name,-24} client {exchange,-22} spy {seen.Count}: {string.Join(" | ", seen.Select(Describe))}");

            if (exchange.Statuses.Count == 0 || exchange.Statuses[0] >= 500)
            {
                violations.Add($"{name}: first answer {exchange}, expected 4xx or 2xx");
            }

            if (mustRefuse && (exchange.Statuses.Count == 0 || exchange.Statuses[0] != 400 || !exchange.Closed))
            {
                violations.Add($"{name}: must be refused with 400 and a close, got {exchange}");
            }

            if (exchange.Statuses.Count > 0 && exchange.Statuses[0] == 400 && exchange.Statuses.Count > 1)
            {
                violations.Add($"{name}: answered after a 400 on the same connection {exchange}");
            }

            if (spy.ReceivedText.Contains("/admin", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{name}: /admin reached the spy");
            }

            if (seen.Count > answered)
            {
                violations.Add($"{name}: spy saw {seen.Count} requests, client got {answered} 2xx answers");
            }

            foreach (var request in seen)
            {
                var lengths = request.All("Content-Length").Count;
                var encodings = request.All("Transfer-Encoding").Count;
                if (lengths > 1 || (lengths > 0 && encodings > 0) || encodings > 1)
                {
                    violations.Add($"{name}: spy saw ambiguous framing: {Describe(request)}");
                }
            }

            if (exchange.Statuses.FirstOrDefault() == 400)
            {
                refused++;
            }
        }

        output.WriteLine($"S1/S2 smuggling: {Payloads.Count} payloads, refused {refused}, violations {violations.Count}");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    private static string Describe(SpyRequest request) =>
        $"{request.RequestLine} CL={string.Join("+", request.All("Content-Length"))} TE={string.Join("+", request.All("Transfer-Encoding"))} body={request.Body.Length}";
}
