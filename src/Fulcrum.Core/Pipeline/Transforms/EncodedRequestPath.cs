using System.Text;

namespace Fulcrum.Pipeline.Transforms;

/// <summary>
/// The request path as the client encoded it, for the one case where Kestrel's decoded path is ambiguous.
/// Kestrel decodes every escape except <c>%2F</c>, so the text "%2F" in <c>HttpRequest.Path</c> is either an
/// encoded slash the client sent (<c>/@types%2Fnode</c>, as npm registries use) or a literal "%2F" it sent as
/// <c>%252F</c>. YARP re-encodes every '%' as <c>%25</c>, which turns the first into the second and sends the
/// request to another resource (dotnet/aspnetcore#30655, dotnet/yarp#1419). Only the raw target can tell them
/// apart, so when it holds an encoded slash the path is rebuilt from it: its segments verbatim, minus the dot
/// segments Kestrel removed, so the backend gets the resource the route matched, encoded as the client sent it.
/// </summary>
internal static class EncodedRequestPath
{
    /// <summary>
    /// The client's encoding of <paramref name="decodedPath"/>, segment for segment; null when re-encoding the decoded
    /// path is exact (the raw target has no encoded slash, the common case, checked without allocating) or when the
    /// raw target does not decode to <paramref name="decodedPath"/> (absolute-form, invalid UTF-8), where the decoded
    /// path, which is what the route matched, wins.
    /// </summary>
    public static string? FromRawTarget(string? rawTarget, string decodedPath)
    {
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            return null;
        }

        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = query < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, query);
        if (!rawPath.Contains("%2F", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // RFC 3986 §5.2.4 on whole segments, as Kestrel does after decoding: "." and ".." (even as %2E) go.
        var decoded = new List<string>();
        var encoded = new List<string>();
        var segments = rawPath[1..].ToString().Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            // Empty segments were merged away before routing (RequestPathNormalizer); only a trailing one is kept.
            if (segments[i].Length == 0 && i < segments.Length - 1)
            {
                continue;
            }

            var segment = DecodeExceptSlash(segments[i]);
            if (segment is "." or "..")
            {
                if (segment == ".." && decoded.Count > 0)
                {
                    decoded.RemoveAt(decoded.Count - 1);
                    encoded.RemoveAt(encoded.Count - 1);
                }

                if (i == segments.Length - 1)
                {
                    decoded.Add("");
                    encoded.Add("");
                }

                continue;
            }

            decoded.Add(segment);
            encoded.Add(segments[i]);
        }

        return string.Equals("/" + string.Join('/', decoded), decodedPath, StringComparison.Ordinal)
            ? "/" + string.Join('/', encoded)
            : null;
    }

    /// <summary>Percent-decodes one segment as UTF-8 the way Kestrel does: <c>%2F</c> and invalid escapes stay as written.</summary>
    private static string DecodeExceptSlash(string segment)
    {
        if (!segment.Contains('%', StringComparison.Ordinal))
        {
            return segment;
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(segment.Length)];
        var length = 0;
        var i = 0;
        while (i < segment.Length)
        {
            if (segment[i] == '%' && IsEscape(segment, i, out var value) && value != '/')
            {
                bytes[length++] = value;
                i += 3;
                continue;
            }

            var run = segment.IndexOf('%', i + 1);
            var end = run < 0 ? segment.Length : run;
            length += Encoding.UTF8.GetBytes(segment.AsSpan(i, end - i), bytes.AsSpan(length));
            i = end;
        }

        return Encoding.UTF8.GetString(bytes, 0, length);
    }

    private static bool IsEscape(string text, int at, out byte value)
    {
        value = 0;
        if (at + 2 >= text.Length || !char.IsAsciiHexDigit(text[at + 1]) || !char.IsAsciiHexDigit(text[at + 2]))
        {
            return false;
        }

        value = (byte)((HexValue(text[at + 1]) << 4) | HexValue(text[at + 2]));
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
