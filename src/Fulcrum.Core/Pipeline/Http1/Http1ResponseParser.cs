using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// Parses an HTTP/1.x response head over a span and copies its headers to Kestrel's response. Strict where leniency
/// lets a backend desynchronise the connection (RFC 9112): a line ends in CRLF only (a bare LF is refused), no
/// obs-fold, names are tokens with no space before the colon, one Content-Length of digits only, never both
/// Content-Length and Transfer-Encoding, no control characters in values; chunk lines as RFC 9112 §7.1.1 writes them.
/// A refused head is a 502 and the connection is closed.
/// </summary>
internal static class Http1ResponseParser
{
    /// <summary>Longest response head accepted, SocketsHttpHandler's default (64 KiB).</summary>
    public const int MaxHeadLength = 64 * 1024;

    private static readonly string[] KnownNames =
    [
        "Accept-Ranges", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods",
        "Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "Access-Control-Max-Age", "Age", "Cache-Control",
        "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Location", "Content-Range", "Content-Security-Policy",
        "Content-Type", "Date", "ETag", "Expires", "Last-Modified", "Link", "Location", "Pragma", "Retry-After", "Server",
        "Set-Cookie", "Strict-Transport-Security", "Vary", "WWW-Authenticate", "X-Content-Type-Options", "X-Frame-Options",
        "X-Request-Id", "grpc-status", "grpc-message",
    ];

    public static bool IsTokenChar(byte c) => c < 128 && TokenChars[c];

    private static readonly bool[] TokenChars = CreateTokenChars();

    private static bool[] CreateTokenChars()
    {
        var chars = new bool[128];
        for (var c = '0'; c <= '9'; c++)
        {
            chars[c] = true;
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            chars[c] = true;
            chars[c - 32] = true;
        }

        foreach (var c in "!#$%&'*+-.^_`|~")
        {
            chars[c] = true;
        }

        return chars;
    }

    public static Http1ParseStatus TryParse(ReadOnlySpan<byte> data, out Http1ResponseHead head)
    {
        head = default;
        head.ContentLength = -1;
        var position = 0;
        var first = true;
        var contentLengthSeen = false;
        var transferEncodingSeen = false;
        while (true)
        {
            var lf = data[position..].IndexOf((byte)'\n');
            if (lf < 0)
            {
                return data.Length > MaxHeadLength ? Refuse(ref head, "the response head is larger than 64 KiB") : Http1ParseStatus.Incomplete;
            }

            lf += position;
            if (lf == 0 || data[lf - 1] != '\r')
            {
                return Refuse(ref head, "a line of the response head ends in a bare LF");
            }

            if (lf + 1 > MaxHeadLength)
            {
                return Refuse(ref head, "the response head is larger than 64 KiB");
            }

            var line = data[position..(lf - 1)];
            var lineStart = position;
            position = lf + 1;
            if (first)
            {
                if (!TryParseStatusLine(line, lineStart, ref head))
                {
                    return Refuse(ref head, "malformed status line");
                }

                head.HeadersStart = position;
                first = false;
                continue;
            }

            if (line.IsEmpty)
            {
                break;
            }

            if (!TrySplit(line, out var name, out var value, out var error))
            {
                return Refuse(ref head, error);
            }

            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (contentLengthSeen || !TryParseLength(value, out head.ContentLength))
                {
                    return Refuse(ref head, contentLengthSeen ? "more than one Content-Length" : "invalid Content-Length");
                }

                contentLengthSeen = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                transferEncodingSeen = true;
                var comma = value.LastIndexOf((byte)',');
                var last = (comma < 0 ? value : value[(comma + 1)..]).Trim(" \t"u8);
                head.Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
                head.OtherTransferEncoding = !head.Chunked;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                foreach (var range in value.Split((byte)','))
                {
                    var token = value[range].Trim(" \t"u8);
                    head.ConnectionClose |= Ascii.EqualsIgnoreCase(token, "close"u8);
                    head.KeepAlive |= Ascii.EqualsIgnoreCase(token, "keep-alive"u8);
                }
            }
        }

        if (contentLengthSeen && transferEncodingSeen)
        {
            // RFC 9112 §6.3: a sender must not; a recipient that believes either one can be desynchronised.
            return Refuse(ref head, "both Content-Length and Transfer-Encoding");
        }

        head.Length = position;
        return Http1ParseStatus.Complete;
    }

    /// <summary>
    /// Copies the parsed head's end-to-end headers to Kestrel's response. Hop-by-hop headers stay (Kestrel frames its
    /// own response); Content-Length goes to <see cref="HttpResponse.ContentLength"/>. Values are Latin-1, as the
    /// listeners encode response headers. A line the connection carried at the same position last time is taken from
    /// <paramref name="cache"/> (the head was validated by <see cref="TryParse"/> already).
    /// </summary>
    public static void CopyTo(ReadOnlySpan<byte> data, in Http1ResponseHead head, Http1HeaderLineCache cache, HttpResponse response)
    {
        var headers = response.Headers;
        // With nothing on the response yet (no policy added a header before the destination answered), a name's first
        // line in the head is set outright: one dictionary lookup instead of Append's get-then-set.
        var fresh = headers.Count == 0;
        var position = head.HeadersStart;
        for (var index = 0; ; index++)
        {
            var lf = data[position..].IndexOf((byte)'\n') + position;
            var line = data[position..(lf - 1)];
            position = lf + 1;
            if (line.IsEmpty)
            {
                break;
            }

            if (!cache.TryGet(index, line, out var header))
            {
                header = Decode(line);
                cache.Set(index, line, header);
            }

            if (header.IsContentLength)
            {
                response.ContentLength = head.ContentLength;
            }
            else if (header.Name is { } name)
            {
                if (fresh && !cache.NameSeenBefore(index, name))
                {
                    headers[name] = header.Value;
                }
                else
                {
                    headers.Append(name, header.Value);
                }
            }
        }
    }

    private static Http1HeaderLine Decode(ReadOnlySpan<byte> line)
    {
        TrySplit(line, out var name, out var value, out _);
        if (IsHopByHop(name))
        {
            return new Http1HeaderLine(null, "", IsContentLength: false);
        }

        if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
        {
            return new Http1HeaderLine(null, "", IsContentLength: true);
        }

        return new Http1HeaderLine(NameOf(name), value.IsEmpty ? "" : Encoding.Latin1.GetString(value), IsContentLength: false);
    }

    /// <summary>True when the reason phrase is the standard one for the status (then Kestrel's own is used).</summary>
    public static bool HasDefaultReason(ReadOnlySpan<byte> data, in Http1ResponseHead head)
    {
        var reason = data.Slice(head.ReasonStart, head.ReasonLength);
        var standard = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(head.StatusCode);
        return reason.IsEmpty || (reason.Length == standard.Length && Ascii.Equals(reason, standard));
    }

    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, int lineStart, ref Http1ResponseHead head)
    {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || (line[7] != '1' && line[7] != '0') || line[8] != ' '
            || !char.IsAsciiDigit((char)line[9]) || !char.IsAsciiDigit((char)line[10]) || !char.IsAsciiDigit((char)line[11]))
        {
            return false;
        }

        head.Http10 = line[7] == '0';
        head.StatusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        if (head.StatusCode < 100)
        {
            return false;
        }

        if (line.Length == 12)
        {
            return true;
        }

        if (line[12] != ' ')
        {
            return false;
        }

        var reason = line[13..];
        foreach (var c in reason)
        {
            if (c < 0x20 && c != '\t')
            {
                return false;
            }
        }

        head.ReasonStart = lineStart + 13;
        head.ReasonLength = reason.Length;
        return true;
    }

    private static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out string error)
    {
        name = default;
        value = default;
        error = "";
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            error = "obsolete line folding in the response head";
            return false;
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            error = "a response header line without a name";
            return false;
        }

        name = line[..colon];
        foreach (var c in name)
        {
            if (!IsTokenChar(c))
            {
                error = "a response header name that is not a token";
                return false;
            }
        }

        value = line[(colon + 1)..].Trim(" \t"u8);
        foreach (var c in value)
        {
            if (c < 0x20 && c != '\t')
            {
                error = "a control character in a response header value";
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Parses a chunk line (without its CRLF) strictly, as RFC 9112 §7.1.1 has it: <c>chunk-size [ chunk-ext ]</c> with
    /// <c>chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ( token / quoted-string ) ] )</c>. Extensions are checked
    /// and ignored; anything else after the size (text without a ';', a control character, an unterminated quoted
    /// string, trailing whitespace) is refused: two parsers that read such a line differently can be made to split
    /// the body at different places (request smuggling). At most 15 hex digits, so the size fits a long.
    /// </summary>
    public static bool TryParseChunkLine(ReadOnlySpan<byte> line, out long size, out string error)
    {
        size = 0;
        var i = 0;
        for (; i < line.Length && HexValue(line[i]) is var digit and >= 0; i++)
        {
            if (i == 15)
            {
                error = "a chunk size too large";
                return false;
            }

            size = (size << 4) | (uint)digit;
        }

        if (i == 0)
        {
            error = line.IsEmpty ? "an empty chunk size" : "an invalid chunk size";
            return false;
        }

        while (i < line.Length)
        {
            // BWS ";" BWS ext-name
            i = SkipWhitespace(line, i);
            if (i == line.Length || line[i] != ';')
            {
                error = "text after a chunk size that is not a chunk extension";
                return false;
            }

            var name = SkipWhitespace(line, i + 1);
            i = SkipToken(line, name);
            if (i == name)
            {
                error = "a chunk extension without a name";
                return false;
            }

            // [ BWS "=" BWS ( token / quoted-string ) ]: whitespace is part of the extension only before a '='.
            var equals = SkipWhitespace(line, i);
            if (equals < line.Length && line[equals] == '=')
            {
                var value = SkipWhitespace(line, equals + 1);
                i = value < line.Length && line[value] == '"' ? SkipQuotedString(line, value) : SkipToken(line, value);
                if (i <= value)
                {
                    error = "a chunk extension with an invalid value";
                    return false;
                }
            }
        }

        error = "";
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static int SkipWhitespace(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    private static int SkipToken(ReadOnlySpan<byte> line, int i)
    {
        while (i < line.Length && IsTokenChar(line[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The index after the quoted-string starting at <paramref name="i"/> (RFC 9110 §5.6.4: qdtext is HTAB, SP and
    /// visible or obs-text bytes other than '"' and '\'; a quoted-pair escapes HTAB, SP, VCHAR or obs-text), or -1.
    /// </summary>
    private static int SkipQuotedString(ReadOnlySpan<byte> line, int i)
    {
        for (i++; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '\\' && ++i == line.Length)
            {
                return -1;
            }

            if (!IsQuotedText(line[i]))
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>HTAB, SP, VCHAR and obs-text: what a quoted-pair may escape (qdtext is this less '"' and '\', checked first).</summary>
    private static bool IsQuotedText(byte c) => c is (byte)'\t' or >= 0x20 and not 0x7F;

    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }

            length = (length * 10) + (c - '0');
        }

        return true;
    }

    private static bool IsHopByHop(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => Ascii.EqualsIgnoreCase(name, "TE"u8),
        7 => Ascii.EqualsIgnoreCase(name, "Upgrade"u8) || Ascii.EqualsIgnoreCase(name, "Trailer"u8),
        10 => Ascii.EqualsIgnoreCase(name, "Connection"u8) || Ascii.EqualsIgnoreCase(name, "Keep-Alive"u8),
        16 => Ascii.EqualsIgnoreCase(name, "Proxy-Connection"u8),
        17 => Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8),
        _ => false,
    };

    /// <summary>Common names come from a table (no string per header); others are decoded once.</summary>
    private static string NameOf(ReadOnlySpan<byte> name)
    {
        foreach (var known in KnownNames)
        {
            if (known.Length == name.Length && Ascii.EqualsIgnoreCase(name, known))
            {
                return known;
            }
        }

        return Encoding.ASCII.GetString(name);
    }

    private static Http1ParseStatus Refuse(ref Http1ResponseHead head, string error)
    {
        head.Error = error;
        return Http1ParseStatus.Malformed;
    }
}
