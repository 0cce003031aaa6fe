using System.Buffers;
using System.Buffers.Binary;
using System.Net;

namespace Fulcrum.L4.ProxyProtocol;

/// <summary>
/// Parses a PROXY protocol header (v1 text or v2 binary) from the first bytes of a connection. Pure and
/// bounded: any input gives a verdict (never an exception), Incomplete only while the bytes so far are a valid
/// beginning shorter than the maximum length, so a reader cannot be made to buffer without limit.
/// </summary>
internal static class ProxyHeaderParser
{
    /// <summary>The longest v1 line the spec allows, CRLF included.</summary>
    public const int MaxV1Length = 107;

    /// <summary>v2: the 16-byte header plus addresses and TLVs. The spec allows 64 KiB; nobody sends more than this.</summary>
    public const int MaxLength = 16 + 2048;

    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    private static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    private const int LocalCommand = 0;

    public static ProxyHeaderResult Parse(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return Parse(buffer.FirstSpan);
        }

        Span<byte> copy = stackalloc byte[MaxLength];
        var length = (int)Math.Min(buffer.Length, MaxLength);
        buffer.Slice(0, length).CopyTo(copy);
        return Parse(copy[..length]);
    }

    public static ProxyHeaderResult Parse(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ProxyHeaderResult.Incomplete;
        }

        if (data[0] == V2Signature[0])
        {
            return ParseV2(data);
        }

        if (data[0] == V1Prefix[0])
        {
            return ParseV1(data);
        }

        return ProxyHeaderResult.Invalid("the connection does not start with a PROXY protocol header");
    }

    private static ProxyHeaderResult ParseV1(ReadOnlySpan<byte> data)
    {
        var prefix = Math.Min(data.Length, V1Prefix.Length);
        if (!data[..prefix].SequenceEqual(V1Prefix[..prefix]))
        {
            return ProxyHeaderResult.Invalid("the connection does not start with a PROXY protocol header");
        }

        var window = data[..Math.Min(data.Length, MaxV1Length)];
        var end = window.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return data.Length >= MaxV1Length
                ? ProxyHeaderResult.Invalid($"PROXY v1 header without CRLF in its first {MaxV1Length} bytes")
                : ProxyHeaderResult.Incomplete;
        }

        if (end < V1Prefix.Length)
        {
            return ProxyHeaderResult.Invalid("PROXY v1 header is cut short");
        }

        var line = data[V1Prefix.Length..end];
        var length = end + 2;
        var protocol = NextField(ref line);
        if (protocol.SequenceEqual("UNKNOWN"u8))
        {
            // Whatever follows UNKNOWN is to be ignored: the proxy could not tell the addresses.
            return ProxyHeaderResult.Parsed(length, new ProxyHeader(ProxyProtocolVersion.V1, null, null));
        }

        var v4 = protocol.SequenceEqual("TCP4"u8);
        if (!v4 && !protocol.SequenceEqual("TCP6"u8))
        {
            return ProxyHeaderResult.Invalid("PROXY v1 protocol is not TCP4, TCP6 or UNKNOWN");
        }

        var sourceText = NextField(ref line);
        var destinationText = NextField(ref line);
        var sourcePortText = NextField(ref line);
        var destinationPortText = NextField(ref line);
        if (!line.IsEmpty)
        {
            return ProxyHeaderResult.Invalid("PROXY v1 header has more than four address fields");
        }

        if (!TryParseAddress(sourceText, v4, out var source) || !TryParseAddress(destinationText, v4, out var destination))
        {
            return ProxyHeaderResult.Invalid($"PROXY v1 header has an address that is not {(v4 ? "IPv4" : "IPv6")}");
        }

        if (!TryParsePort(sourcePortText, out var sourcePort) || !TryParsePort(destinationPortText, out var destinationPort))
        {
            return ProxyHeaderResult.Invalid("PROXY v1 header has a port that is not 0 to 65535");
        }

        return ProxyHeaderResult.Parsed(
            length, new ProxyHeader(ProxyProtocolVersion.V1, new IPEndPoint(source!, sourcePort), new IPEndPoint(destination!, destinationPort)));
    }

    private static ProxyHeaderResult ParseV2(ReadOnlySpan<byte> data)
    {
        var signature = Math.Min(data.Length, V2Signature.Length);
        if (!data[..signature].SequenceEqual(V2Signature[..signature]))
        {
            return ProxyHeaderResult.Invalid("the connection does not start with a PROXY protocol header");
        }

        if (data.Length < 16)
        {
            return ProxyHeaderResult.Incomplete;
        }

        var version = data[12] >> 4;
        var command = data[12] & 0x0F;
        if (version != 2)
        {
            return ProxyHeaderResult.Invalid($"PROXY v2 header has version {version}");
        }

        if (command > 1)
        {
            return ProxyHeaderResult.Invalid($"PROXY v2 header has an unknown command {command}");
        }

        var family = data[13] >> 4;
        var transport = data[13] & 0x0F;
        if (family > 3 || transport > 2)
        {
            return ProxyHeaderResult.Invalid($"PROXY v2 header has an unknown address family 0x{data[13]:x2}");
        }

        var length = 16 + BinaryPrimitives.ReadUInt16BigEndian(data[14..16]);
        if (length > MaxLength)
        {
            return ProxyHeaderResult.Invalid($"PROXY v2 header of {length} bytes is longer than the {MaxLength} accepted");
        }

        if (data.Length < length)
        {
            return ProxyHeaderResult.Incomplete;
        }

        var addresses = data[16..length];
        if (command == LocalCommand || family is 0 or 3)
        {
            // LOCAL (the proxy's own health check), unspecified or unix addresses: the peer stands.
            return ProxyHeaderResult.Parsed(length, new ProxyHeader(ProxyProtocolVersion.V2, null, null));
        }

        var size = family == 1 ? 4 : 16;
        if (addresses.Length < (2 * size) + 4)
        {
            return ProxyHeaderResult.Invalid($"PROXY v2 header is too short for its {(family == 1 ? "IPv4" : "IPv6")} addresses");
        }

        // The TLVs after the addresses must tile the rest of the header exactly, as HAProxy checks: one that claims to
        // run past the header is a broken or forged sender, whose addresses are not to be believed either.
        var tlvs = addresses[((2 * size) + 4)..];
        while (!tlvs.IsEmpty)
        {
            if (tlvs.Length < 3 || 3 + BinaryPrimitives.ReadUInt16BigEndian(tlvs[1..3]) > tlvs.Length)
            {
                return ProxyHeaderResult.Invalid("PROXY v2 header has a TLV that runs past the end of the header");
            }

            tlvs = tlvs[(3 + BinaryPrimitives.ReadUInt16BigEndian(tlvs[1..3]))..];
        }

        var source = new IPEndPoint(new IPAddress(addresses[..size]), BinaryPrimitives.ReadUInt16BigEndian(addresses[(2 * size)..]));
        var destination = new IPEndPoint(new IPAddress(addresses[size..(2 * size)]), BinaryPrimitives.ReadUInt16BigEndian(addresses[((2 * size) + 2)..]));
        return ProxyHeaderResult.Parsed(length, new ProxyHeader(ProxyProtocolVersion.V2, source, destination));
    }

    /// <summary>The next field up to a single space; the rest of the line stays in <paramref name="line"/>.</summary>
    private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> line)
    {
        var space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            var last = line;
            line = default;
            return last;
        }

        var field = line[..space];
        line = line[(space + 1)..];
        return field;
    }

    private static bool TryParseAddress(ReadOnlySpan<byte> text, bool v4, out IPAddress? address)
    {
        address = null;
        if (text.IsEmpty || text.Length > 45)
        {
            return false;
        }

        Span<char> chars = stackalloc char[45];
        var dots = 0;
        var colons = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (!char.IsAsciiHexDigit((char)b) && b != '.' && b != ':')
            {
                return false;
            }

            dots += b == '.' ? 1 : 0;
            colons += b == ':' ? 1 : 0;
            chars[i] = (char)b;
        }

        // IPAddress.TryParse also takes shorthand such as "1" (0.0.0.1); the header must spell the address out.
        if (v4 ? dots != 3 || colons != 0 : colons < 2)
        {
            return false;
        }

        return IPAddress.TryParse(chars[..text.Length], out address)
            && address.AddressFamily == (v4 ? System.Net.Sockets.AddressFamily.InterNetwork : System.Net.Sockets.AddressFamily.InterNetworkV6);
    }

    private static bool TryParsePort(ReadOnlySpan<byte> text, out int port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > 5)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }

            port = (port * 10) + (b - '0');
        }

        return port <= 65535;
    }
}
