namespace Fulcrum.Tests.Common;

/// <summary>
/// One request exactly as a <see cref="SpyBackend"/> read it off the wire: the request line, every header line in
/// order with its name and value untouched (no folding, no trimming beyond the one optional space after the colon),
/// and the body as framed (chunks removed).
/// </summary>
public sealed record SpyRequest(int Connection, string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Method => RequestLine.Split(' ')[0];

    public string Target => RequestLine.Split(' ') is { Length: >= 2 } parts ? parts[1] : "";

    /// <summary>The values of every header line with that name (case-insensitive), in order.</summary>
    public IReadOnlyList<string> All(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();

    /// <summary>The single value of a header, null when absent; fails when the line is repeated.</summary>
    public string? Header(string name)
    {
        var values = All(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new InvalidOperationException($"header {name} appears {values.Count} times: {string.Join(" | ", values)}"),
        };
    }

    public string BodyText => System.Text.Encoding.Latin1.GetString(Body);
}

/// <summary>A scripted answer: status line, extra header lines, body (Content-Length is added unless given).</summary>
public sealed record SpyReply(int Status, string Reason = "OK", string Body = "", IReadOnlyList<string>? Headers = null);
