using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// HTTP/2 → HTTP/1.1 downgrade desync and pseudo-header abuse (PortSwigger's H2.CL/H2.TE, CRLF through HPACK): an
/// h2c client sends what HTTP/1.1 cannot represent to a route whose backend speaks HTTP/1.1 (the spy). Each case is
/// refused (RST_STREAM, GOAWAY or a 4xx), or forwarded as one clean HTTP/1.1 request: the spy never sees a CR or LF
/// inside a header, an injected header, Transfer-Encoding, a Content-Length that disagrees with the body, or more
/// than one Host — and never <c>/admin</c>.
/// </summary>
public sealed class Http2DowngradeTests(ITestOutputHelper output)
{
    /// <summary>Name, the request's fields after the pseudo-headers, replacement pseudo-headers, DATA to send.</summary>
    public static readonly TheoryData<string, (string, string)[], (string, string)[], string?> Cases = new()
    {
        { "content-length 0 + 30 B DATA", [("content-length", "0")], [], new string('d', 30) },
        { "content-length 5 + 30 B DATA", [("content-length", "5")], [], new string('d', 30) },
        { "transfer-encoding chunked", [("transfer-encoding", "chunked")], [], "0\r\n\r\nGET /admin/x HTTP/1.1\r\nHost: a\r\n\r\n" },
        { "CRLF in value", [("x-a", "b\r\nX-Injected: 1")], [], null },
        { "LF in value", [("x-a", "b\nX-Injected: 1")], [], null },
        { "NUL in value", [("x-a", "b\0c")], [], null },
        { "colon in name", [("x-a:b", "c")], [], null },
        { "space in name", [("x a", "b")], [], null },
        { "uppercase name", [("X-A", "b")], [], null },
        { "te gzip", [("te", "gzip")], [], null },
        { "te trailers", [("te", "trailers")], [], null },
        { "connection keep-alive", [("connection", "keep-alive")], [], null },
        { "upgrade websocket", [("upgrade", "websocket")], [], null },
        { ":path without slash", [], [(":path", "hello-world")], null },
        { ":path with space", [], [(":path", "/x y")], null },
        { ":path CRLF", [], [(":path", "/x HTTP/1.1\r\nX-Injected: 1\r\n\r\nGET /admin/x")], null },
        { ":method with request line", [], [(":method", "GET /admin/x HTTP/1.1\r\n")], null },
        { ":authority + host", [("host", "b")], [(":authority", "a")], null },
        { "two host fields", [("host", "b"), ("host", "c")], [], null },
        { "admin via :path", [], [(":path", "/admin/x")], null },
    };

    [Fact]
    public async Task Request_DowngradeAbuse_RefusedOrForwardedClean()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true"));
        var violations = new List<string>();
        foreach (var row in Cases)
        {
            var (name, fields, pseudo, data) = ((string)row[0], ((string, string)[])row[1], ((string, string)[])row[2], (string?)row[3]);
            spy.ResetCounters();
            await using var client = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway), TimeSpan.FromSeconds(5));
            var headers = new List<(string Name, string Value)> { (":method", "POST"), (":scheme", "http"), (":path", "/echo"), (":authority", "a") };
            foreach (var (key, value) in pseudo)
            {
                headers[headers.FindIndex(h => h.Name == key)] = (key, value);
            }

            headers.AddRange(fields);
            await client.WriteFrameAsync(RawHttp2Connection.Headers, (byte)(RawHttp2Connection.EndHeaders | (data is null ? RawHttp2Connection.EndStream : 0)), 1, RawHttp2Connection.Block(headers));
            if (data is not null)
            {
                await client.WriteFrameAsync(RawHttp2Connection.Data, RawHttp2Connection.EndStream, 1, System.Text.Encoding.Latin1.GetBytes(data));
            }

            var answer = await client.ReadUntilAsync(f => f.Type is RawHttp2Connection.GoAway || (f.StreamId == 1 && f.Type is RawHttp2Connection.RstStream or RawHttp2Connection.Headers));
            var seen = spy.Requests.SingleOrDefault();
            var outcome = answer switch
            {
                null => "closed",
                { Type: RawHttp2Connection.GoAway } => $"GOAWAY {answer.ErrorCode}",
                { Type: RawHttp2Connection.RstStream } => $"RST {answer.ErrorCode}",
                _ => $":status {answer.Status}",
            };
            output.WriteLine($"S3 {name,-30} {outcome,-12} spy: {(seen is null ? "-" : $"{seen.RequestLine} | {string.Join("; ", seen.Headers.Select(h => $"{h.Key}={h.Value}"))} | body {seen.Body.Length}")}");
            if (answer is { Type: RawHttp2Connection.Headers } && answer.Status is >= 500)
            {
                violations.Add($"{name}: answered {answer.Status}");
            }

            if (spy.RequestCount > 1 || spy.Requests.Any(r => r.Target.Contains("/admin", StringComparison.OrdinalIgnoreCase)))
            {
                violations.Add($"{name}: smuggled a request: {string.Join(" | ", spy.Requests.Select(r => r.RequestLine))} at the spy");
            }

            if (seen is null)
            {
                continue;
            }

            if (seen.Headers.Any(h => h.Key.Equals("X-Injected", StringComparison.OrdinalIgnoreCase) || h.Value.Any(c => c is '\r' or '\n' or '\0')))
            {
                violations.Add($"{name}: injected header at the spy");
            }

            if (seen.All("Transfer-Encoding").Count > 0 && seen.All("Content-Length").Count > 0 || seen.All("Host").Count != 1)
            {
                violations.Add($"{name}: framing or Host ambiguous at the spy");
            }

            if (seen.All("Content-Length").SingleOrDefault() is { } length && length != seen.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                violations.Add($"{name}: Content-Length {length} with a {seen.Body.Length} B body at the spy");
            }

            if (name == ":authority + host" && seen.Header("Host") != "a")
            {
                violations.Add($"{name}: Host {seen.Header("Host")} at the spy, :authority must win");
            }

        }

        output.WriteLine($"S3 h2→h1 downgrade: {Cases.Count} cases, violations {violations.Count}");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
