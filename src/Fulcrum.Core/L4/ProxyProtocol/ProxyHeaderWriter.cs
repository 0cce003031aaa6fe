using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Unicode;

namespace Fulcrum.L4.ProxyProtocol;

/// <summary>Writes the PROXY header a tcp cluster with <c>sendProxyProtocol</c> sends first, without allocating.</summary>
internal static class ProxyHeaderWriter
{
    /// <summary>Room for the longest header either version writes.</summary>
    public const int MaxLength = ProxyHeaderParser.MaxV1Length;

    /// <summary>
    /// Writes a header naming <paramref name="source"/> → <paramref name="destination"/>; when either is unknown,
    /// v1 <c>UNKNOWN</c> or v2 <c>LOCAL</c>. Mixed families are written as IPv6 (IPv4 mapped). Returns the length.
    /// </summary>
    public static int Write(Span<byte> buffer, ProxyProtocolVersion version, IPEndPoint? source, IPEndPoint? destination)
    {
        var known = source is not null && destination is not null;
        var sourceAddress = known ? Normalize(source!.Address) : IPAddress.None;
        var destinationAddress = known ? Normalize(destination!.Address) : IPAddress.None;
        if (sourceAddress.AddressFamily != destinationAddress.AddressFamily)
        {
            sourceAddress = sourceAddress.MapToIPv6();
            destinationAddress = destinationAddress.MapToIPv6();
        }

        var v6 = sourceAddress.AddressFamily == AddressFamily.InterNetworkV6;
        if (version == ProxyProtocolVersion.V1)
        {
            if (!known)
            {
                "PROXY UNKNOWN\r\n"u8.CopyTo(buffer);
                return 15;
            }

            Utf8.TryWrite(buffer, $"PROXY {(v6 ? "TCP6" : "TCP4")} {sourceAddress} {destinationAddress} {source!.Port} {destination!.Port}\r\n", out var written);
            return written;
        }

        ProxyHeaderParser.V2Signature.CopyTo(buffer);
        if (!known)
        {
            buffer[12] = 0x20;
            buffer[13] = 0x00;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[14..], 0);
            return 16;
        }

        var size = v6 ? 16 : 4;
        buffer[12] = 0x21;
        buffer[13] = v6 ? (byte)0x21 : (byte)0x11;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[14..], (ushort)((2 * size) + 4));
        sourceAddress.TryWriteBytes(buffer[16..], out _);
        destinationAddress.TryWriteBytes(buffer[(16 + size)..], out _);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(16 + (2 * size))..], (ushort)source!.Port);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(18 + (2 * size))..], (ushort)destination!.Port);
        return 20 + (2 * size);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
