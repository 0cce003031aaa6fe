using System.Buffers;
using System.Buffers.Binary;

namespace Fulcrum.L4.Tls;

/// <summary>
/// Finds the server name (SNI) in a TLS ClientHello without consuming it, for TLS passthrough. Pure and bounded:
/// any input gives a verdict, never an exception, and a ClientHello may span several records but no more than
/// <see cref="MaxLength"/> bytes, so a reader cannot be made to buffer without limit.
/// </summary>
/// <remarks>
/// Layout (RFC 8446 §4.1.2, RFC 6066 §3): records of [type 22, version (2), length (2)] carrying a handshake
/// message [type 1, length (3), legacy version (2), random (32), session id (1+n), cipher suites (2+n),
/// compression methods (1+n), extensions (2+n)], each extension [type (2), length (2), data]; server_name is
/// type 0: [list length (2), name type 0 (host_name), name length (2), name].
/// </remarks>
internal static class ClientHelloParser
{
    /// <summary>Records of at most 16 KiB carry the ClientHello; post-quantum key shares make it a few KiB.</summary>
    public const int MaxLength = 5 + 16384 + 5 + 2048;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloMessage = 1;
    private const ushort ServerNameExtension = 0;

    public static ClientHelloResult Parse(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return Parse(buffer.FirstSpan);
        }

        var length = (int)Math.Min(buffer.Length, MaxLength);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return Parse(copy.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    public static ClientHelloResult Parse(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return ClientHelloResult.Incomplete;
        }

        if (data[0] != HandshakeRecord)
        {
            return ClientHelloResult.Invalid("the connection does not start with a TLS handshake");
        }

        if (data.Length < 5)
        {
            return ClientHelloResult.Incomplete;
        }

        if (data[1] != 3)
        {
            return ClientHelloResult.Invalid($"TLS record version {data[1]}.{data[2]} is not 3.x");
        }

        // The handshake message may be fragmented over records; it usually fits the first.
        int firstLength = BinaryPrimitives.ReadUInt16BigEndian(data[3..5]);
        if (firstLength == 0 || firstLength > 16384 + 2048)
        {
            return ClientHelloResult.Invalid($"TLS record length {firstLength} is out of range");
        }

        if (data.Length < 5 + Math.Min(firstLength, 4))
        {
            return ClientHelloResult.Incomplete;
        }

        var first = data.Slice(5, Math.Min(firstLength, data.Length - 5));
        if (first[0] != ClientHelloMessage)
        {
            return ClientHelloResult.Invalid("the first TLS handshake message is not a ClientHello");
        }

        if (firstLength < 4)
        {
            return ClientHelloResult.Invalid("the ClientHello's own header is split over records");
        }

        if (first.Length < 4)
        {
            return ClientHelloResult.Incomplete;
        }

        var messageLength = (first[1] << 16) | (first[2] << 8) | first[3];
        var needed = 4 + messageLength;
        if (needed > MaxLength)
        {
            return ClientHelloResult.Invalid($"ClientHello of {needed} bytes is longer than the {MaxLength} accepted");
        }

        if (firstLength >= needed)
        {
            return data.Length < 5 + needed ? ClientHelloResult.Incomplete : ParseMessage(data.Slice(5 + 4, messageLength));
        }

        return Reassemble(data, needed);
    }

    /// <summary>Joins the handshake bytes of consecutive records until the whole ClientHello is there.</summary>
    private static ClientHelloResult Reassemble(ReadOnlySpan<byte> data, int needed)
    {
        var message = ArrayPool<byte>.Shared.Rent(needed);
        try
        {
            var have = 0;
            var offset = 0;
            while (have < needed)
            {
                if (offset + 5 > MaxLength)
                {
                    return ClientHelloResult.Invalid("ClientHello records are longer than accepted");
                }

                if (data.Length < offset + 5)
                {
                    return ClientHelloResult.Incomplete;
                }

                if (data[offset] != HandshakeRecord || data[offset + 1] != 3)
                {
                    return ClientHelloResult.Invalid("a ClientHello fragment is followed by a record that is not a handshake");
                }

                int length = BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 3)..]);
                if (length == 0 || length > 16384 + 2048)
                {
                    return ClientHelloResult.Invalid($"TLS record length {length} is out of range");
                }

                if (data.Length < offset + 5 + length)
                {
                    return offset + 5 + length > MaxLength
                        ? ClientHelloResult.Invalid("ClientHello records are longer than accepted")
                        : ClientHelloResult.Incomplete;
                }

                var take = Math.Min(length, needed - have);
                data.Slice(offset + 5, take).CopyTo(message.AsSpan(have));
                have += take;
                offset += 5 + length;
            }

            return ParseMessage(message.AsSpan(4, needed - 4));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private static ClientHelloResult ParseMessage(ReadOnlySpan<byte> body)
    {
        // legacy_version (2) + random (32)
        if (!Skip(ref body, 34)
            || !SkipVector(ref body, 1)
            || !SkipVector(ref body, 2)
            || !SkipVector(ref body, 1))
        {
            return ClientHelloResult.Invalid("ClientHello is cut short before its extensions");
        }

        if (body.IsEmpty)
        {
            return ClientHelloResult.Parsed(null);
        }

        if (body.Length < 2)
        {
            return ClientHelloResult.Invalid("ClientHello extensions length is cut short");
        }

        var extensionsLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        var extensions = body[2..];
        if (extensions.Length < extensionsLength)
        {
            return ClientHelloResult.Invalid("ClientHello extensions are longer than the message");
        }

        extensions = extensions[..extensionsLength];
        while (extensions.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(extensions);
            var length = BinaryPrimitives.ReadUInt16BigEndian(extensions[2..]);
            if (extensions.Length < 4 + length)
            {
                return ClientHelloResult.Invalid("a ClientHello extension is longer than the message");
            }

            if (type == ServerNameExtension)
            {
                return ParseServerName(extensions.Slice(4, length));
            }

            extensions = extensions[(4 + length)..];
        }

        return extensions.IsEmpty ? ClientHelloResult.Parsed(null) : ClientHelloResult.Invalid("ClientHello extensions end mid-extension");
    }

    private static ClientHelloResult ParseServerName(ReadOnlySpan<byte> extension)
    {
        if (extension.Length < 2 || BinaryPrimitives.ReadUInt16BigEndian(extension) != extension.Length - 2)
        {
            return ClientHelloResult.Invalid("the server_name extension has a bad list length");
        }

        var list = extension[2..];
        while (list.Length >= 3)
        {
            var nameType = list[0];
            var length = BinaryPrimitives.ReadUInt16BigEndian(list[1..]);
            if (list.Length < 3 + length)
            {
                return ClientHelloResult.Invalid("a server name is longer than its extension");
            }

            var name = list.Slice(3, length);
            if (nameType == 0)
            {
                return IsHostName(name)
                    ? ClientHelloResult.Parsed(System.Text.Encoding.ASCII.GetString(name))
                    : ClientHelloResult.Invalid("the server name is not a DNS host name");
            }

            list = list[(3 + length)..];
        }

        return ClientHelloResult.Parsed(null);
    }

    /// <summary>Letters, digits, '-', '_' and '.', at most 253 characters (RFC 6066: no trailing dot, no IP literal check needed).</summary>
    private static bool IsHostName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name.Length > 253)
        {
            return false;
        }

        foreach (var b in name)
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && b != '-' && b != '.' && b != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool Skip(ref ReadOnlySpan<byte> data, int count)
    {
        if (data.Length < count)
        {
            return false;
        }

        data = data[count..];
        return true;
    }

    /// <summary>Skips a vector whose length prefix takes <paramref name="prefix"/> bytes (1 or 2).</summary>
    private static bool SkipVector(ref ReadOnlySpan<byte> data, int prefix)
    {
        if (data.Length < prefix)
        {
            return false;
        }

        var length = prefix == 1 ? data[0] : BinaryPrimitives.ReadUInt16BigEndian(data);
        return Skip(ref data, prefix + length);
    }
}
