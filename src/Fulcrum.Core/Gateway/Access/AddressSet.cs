using System.Buffers.Binary;
using System.Net;
using System.Numerics;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// A compiled list of address ranges: sorted, overlapping and adjacent ranges merged, one array pair per family,
/// so a lookup is a binary search over numbers — O(log n) however long the list, and no allocation. An
/// IPv4-mapped IPv6 address is looked up as the IPv4 address it carries. Immutable and thread-safe.
/// </summary>
internal sealed class AddressSet
{
    public static readonly AddressSet Empty = Create([]);

    private readonly uint[] _v4First;
    private readonly uint[] _v4Last;
    private readonly UInt128[] _v6First;
    private readonly UInt128[] _v6Last;

    private AddressSet(uint[] v4First, uint[] v4Last, UInt128[] v6First, UInt128[] v6Last)
    {
        _v4First = v4First;
        _v4Last = v4Last;
        _v6First = v6First;
        _v6Last = v6Last;
    }

    public bool IsEmpty => _v4First.Length == 0 && _v6First.Length == 0;

    /// <summary>Disjoint ranges after merging, for tests and diagnostics.</summary>
    public int RangeCount => _v4First.Length + _v6First.Length;

    public static AddressSet Create(IEnumerable<AddressRange> ranges)
    {
        var v4 = Merge(ranges.Where(r => r.IsIPv4), uint.MaxValue);
        var v6 = Merge(ranges.Where(r => !r.IsIPv4), UInt128.MaxValue);
        return new AddressSet(
            [.. v4.Select(r => (uint)r.First)], [.. v4.Select(r => (uint)r.Last)],
            [.. v6.Select(r => r.First)], [.. v6.Select(r => r.Last)]);
    }

    public bool Contains(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return false;
        }

        if (written == 4)
        {
            return InRanges(_v4First, _v4Last, BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        // ::ffff:a.b.c.d — what a dual-stack socket reports for an IPv4 client.
        if (BinaryPrimitives.ReadUInt64BigEndian(bytes) == 0 && BinaryPrimitives.ReadUInt32BigEndian(bytes[8..]) == 0xFFFF)
        {
            return InRanges(_v4First, _v4Last, BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        }

        return InRanges(_v6First, _v6Last, BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Finds the last range starting at or before <paramref name="value"/> and checks its end.</summary>
    private static bool InRanges<T>(T[] first, T[] last, T value) where T : struct, IComparisonOperators<T, T, bool>
    {
        int low = 0, high = first.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            if (first[middle] <= value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return high >= 0 && value <= last[high];
    }

    private static List<AddressRange> Merge(IEnumerable<AddressRange> ranges, UInt128 max)
    {
        var merged = new List<AddressRange>();
        foreach (var range in ranges.OrderBy(r => r.First))
        {
            if (merged.Count > 0 && (range.First <= merged[^1].Last || (merged[^1].Last != max && range.First == merged[^1].Last + 1)))
            {
                if (range.Last > merged[^1].Last)
                {
                    merged[^1] = merged[^1] with { Last = range.Last };
                }
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
