using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// One entry of an allow or deny list — an address (<c>203.0.113.7</c>, <c>2001:db8::1</c>) or a CIDR block
/// (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>) — as an inclusive range of numbers. IPv4-mapped IPv6 entries
/// (<c>::ffff:10.0.0.0/104</c>) become the IPv4 range they stand for, because clients are matched the same way.
/// </summary>
internal readonly record struct AddressRange(bool IsIPv4, UInt128 First, UInt128 Last)
{
    /// <summary>Parses an entry strictly: four dotted IPv4 parts, no zone, no bits set after the prefix.</summary>
    public static bool TryParse(string text, out AddressRange range, out string? error)
    {
        range = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        // IPAddress.TryParse also takes inet_aton forms ("10" is 0.0.0.10, "10.1" is 10.0.0.1) and zones
        // ("fe80::1%eth0"); in an access list those are more likely mistakes than intent.
        var isV6 = addressText.Contains(':', StringComparison.Ordinal);
        if (addressText.Contains('%', StringComparison.Ordinal)
            || (!isV6 && addressText.Count(c => c == '.') != 3)
            || !IPAddress.TryParse(addressText, out var address))
        {
            error = $"'{text}' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32";
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length == 0 || !prefixText.All(char.IsAsciiDigit)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits)
            {
                error = $"'{text}' has an invalid prefix length: use 0 to {bits} for an IPv{(bits == 32 ? 4 : 6)} range";
                return false;
            }
        }

        var value = ToNumber(address);
        if (address.IsIPv4MappedToIPv6)
        {
            if (prefix < 96)
            {
                error = $"'{text}' reaches beyond the IPv4-mapped range ::ffff:0:0/96: write the IPv4 range instead";
                return false;
            }

            bits = 32;
            prefix -= 96;
            value &= uint.MaxValue;
        }

        var hostBits = bits - prefix;
        var hostMask = hostBits == 0 ? UInt128.Zero : (hostBits == 128 ? UInt128.MaxValue : (UInt128.One << hostBits) - 1);
        if ((value & hostMask) != 0)
        {
            var network = value & ~hostMask;
            error = $"'{text}' has bits set after the /{prefix} prefix (did you mean '{Format(network, bits == 32)}/{prefix}'?)";
            return false;
        }

        range = new AddressRange(bits == 32, value, value | hostMask);
        error = null;
        return true;
    }

    private static UInt128 ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static string Format(UInt128 value, bool isV4)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (isV4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
            return new IPAddress(bytes[..4]).ToString();
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes).ToString();
    }
}
