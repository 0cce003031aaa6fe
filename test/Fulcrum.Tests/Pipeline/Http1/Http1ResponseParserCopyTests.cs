using System.Text;
using Fulcrum.Pipeline.Http1;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Pipeline.Http1;

/// <summary>
/// The response head copy onto the client's response: a name repeated in the head keeps every value, a header already
/// on the response (a policy's) keeps its own value beside the destination's, and a connection's line cache changes
/// none of that from one response to the next.
/// </summary>
public class Http1ResponseParserCopyTests
{
    [Fact]
    public void CopyTo_NameRepeatedInTheHead_EveryValueKeptInOrder()
    {
        var response = Copy(new Http1HeaderLineCache(), "X-A: 1", "Set-Cookie: a=1", "x-a: 2", "Set-Cookie: b=2", "Server: s");

        Assert.Equal("1|2", Values(response, "X-A"));
        Assert.Equal("a=1|b=2", Values(response, "Set-Cookie"));
        Assert.Equal("s", response.Headers.Server);
    }

    [Fact]
    public void CopyTo_HeaderAlreadyOnTheResponse_DestinationsValueAddedNotReplacing()
    {
        var response = new DefaultHttpContext().Response;
        response.Headers["RateLimit"] = "gateway";

        Copy(new Http1HeaderLineCache(), response, "RateLimit: upstream", "Server: s");

        Assert.Equal("gateway|upstream", Values(response, "RateLimit"));
    }

    [Fact]
    public void CopyTo_SameConnectionNextHeadsReuseAndChangeLines_SameHeadersAsWithoutCache()
    {
        var cache = new Http1HeaderLineCache();
        string[][] heads =
        [
            ["X-A: 1", "X-B: 1"],
            ["X-A: 1", "X-B: 1"],   // every line from the cache
            ["X-B: 1", "X-B: 2"],   // the first line changed to the second's name: the second is a repeat now
            ["X-B: 1", "X-A: 1"],   // and back: no longer a repeat
        ];

        foreach (var lines in heads)
        {
            var cached = Copy(cache, lines);
            var uncached = Copy(new Http1HeaderLineCache(), lines);

            Assert.Equal(Dump(uncached), Dump(cached));
        }

        Assert.Equal("1|2", Values(Copy(cache, "X-B: 1", "X-B: 2"), "X-B"));
    }

    private static HttpResponse Copy(Http1HeaderLineCache cache, params string[] lines) => Copy(cache, new DefaultHttpContext().Response, lines);

    private static HttpResponse Copy(Http1HeaderLineCache cache, HttpResponse response, params string[] lines)
    {
        var data = Encoding.Latin1.GetBytes("HTTP/1.1 200 OK\r\n" + string.Concat(lines.Select(line => line + "\r\n")) + "Content-Length: 0\r\n\r\n");
        Assert.Equal(Http1ParseStatus.Complete, Http1ResponseParser.TryParse(data, out var head));
        Http1ResponseParser.CopyTo(data, head, cache, response);
        return response;
    }

    private static string Values(HttpResponse response, string name) => string.Join("|", response.Headers[name].ToArray());

    private static string Dump(HttpResponse response) =>
        string.Join("\n", response.Headers.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase).Select(pair => $"{pair.Key}: {string.Join("|", pair.Value.ToArray())}"));
}
