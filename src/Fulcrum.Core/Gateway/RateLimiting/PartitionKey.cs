using System.Buffers.Binary;
using System.Net;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// Who a request is counted for. A value type holding either text (consumer, header, claim) or address bits, so
/// that finding a local partition allocates nothing: a client address is keyed by its bits, never formatted.
/// </summary>
internal readonly struct PartitionKey : IEquatable<PartitionKey>
{
    private PartitionKey(PartitionKind kind, string? text, ulong bits)
    {
        Kind = kind;
        Text = text;
        Bits = bits;
    }

    public PartitionKind Kind { get; }

    public string? Text { get; }

    /// <summary>The IPv4 address, or the first 64 bits of an IPv6 address.</summary>
    public ulong Bits { get; }

    public static PartitionKey ForText(PartitionKind kind, string text) => new(kind, text, 0);

    public static PartitionKey ForAddress(IPAddress? address)
    {
        if (address is null)
        {
            return default;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return default;
        }

        if (written == 4)
        {
            return new PartitionKey(PartitionKind.IPv4, null, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        return address.IsIPv4MappedToIPv6
            ? new PartitionKey(PartitionKind.IPv4, null, BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]))
            : new PartitionKey(PartitionKind.IPv6Network, null, BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    public bool Equals(PartitionKey other) =>
        Kind == other.Kind && Bits == other.Bits && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is PartitionKey other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Bits, Text);

    /// <summary>A stable text form, for Redis keys and logs: <c>c:alice</c>, <c>h:…</c>, <c>j:…</c>, <c>a:203.0.113.7</c>, <c>a:2001:db8::/64</c>.</summary>
    public override string ToString() => Kind switch
    {
        PartitionKind.Consumer => "c:" + Text,
        PartitionKind.Header => "h:" + Text,
        PartitionKind.Claim => "j:" + Text,
        PartitionKind.IPv4 => "a:" + Address(),
        PartitionKind.IPv6Network => "a:" + Address() + "/64",
        _ => "a:unknown",
    };

    private IPAddress Address()
    {
        if (Kind == PartitionKind.IPv4)
        {
            var v4 = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Bits);
            return new IPAddress(v4);
        }

        var v6 = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, Bits);
        return new IPAddress(v6);
    }
}
