using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>A Maglev lookup table for one <see cref="DestinationSet"/>: a key hash modulo the size picks a slot.</summary>
/// <remarks>
/// Build (Eisenbud et al., "Maglev", NSDI 2016, §3.4): every destination derives from its name an offset and a
/// skip, which define its own permutation of the slots, offset + j * skip (mod size). Destinations take turns
/// claiming the next still-empty slot of their permutation until the table is full. A prime size makes every
/// skip in [1, size) visit every slot. Removing a destination frees only its slots; the others mostly keep
/// theirs, so about 1/n of keys move plus a small extra share the paper measures at a few percent.
/// Weights follow Envoy's scheme: a destination takes a turn on every round in which its accumulated weight
/// reaches the next multiple of the largest weight, so slot counts are proportional to weight.
/// Everything is derived from destination names and sorted by name before the turns start, so gateways built
/// from the same config agree on every key regardless of the order destinations are listed in.
/// Immutable once built; safe to share across threads. Slots hold indexes into the set, 4 bytes each (256 KiB
/// at the default size), half of what references would cost.
/// </remarks>
internal sealed class MaglevTable : IConsistentHashTable
{
    /// <summary>Prime, and over 100 slots per destination for clusters up to 655 destinations.</summary>
    public const int DefaultSize = 65537;

    // Seeds the second name hash so skip is independent of offset.
    private const ulong SkipSeed = 0x9E3779B97F4A7C15UL;

    private readonly int[] _slots;

    private MaglevTable(DestinationSet set, int[] slots)
    {
        Set = set;
        _slots = slots;
    }

    public DestinationSet Set { get; }

    public DestinationState Lookup(ulong hash) => Set.Items[_slots[(int)(hash % (ulong)_slots.Length)]];

    /// <summary>How many slots each destination owns; for tests and diagnostics.</summary>
    public int CountSlots(DestinationState destination)
    {
        var count = 0;
        var items = Set.Items;
        foreach (var slot in _slots)
        {
            if (ReferenceEquals(items[slot], destination))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Builds the table; <paramref name="set"/> must not be empty and <paramref name="size"/> must be prime.</summary>
    public static MaglevTable Build(DestinationSet set, int size)
    {
        if (!IsValidSize(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The Maglev table size must be a prime number.");
        }

        var items = set.Items;
        var count = items.Length;
        if (count == 0)
        {
            throw new ArgumentException("A Maglev table needs at least one destination.", nameof(set));
        }

        var order = SortByName(items);
        var position = new long[count];
        var skip = new long[count];
        var weight = new long[count];
        var target = new long[count];
        long maxWeight = 1;
        for (var i = 0; i < count; i++)
        {
            var destination = items[order[i]];
            var nameHash = HashKey.Of(destination.Name);
            position[i] = (long)(nameHash % (ulong)size);
            skip[i] = (long)(HashKey.Mix(nameHash ^ SkipSeed) % (ulong)(size - 1)) + 1;
            weight[i] = Math.Max(1, destination.Model.Weight);
            maxWeight = Math.Max(maxWeight, weight[i]);
        }

        Array.Fill(target, maxWeight);

        // -1 marks a free slot; filled ones hold an index into set.Items.
        var slots = new int[size];
        Array.Fill(slots, -1);
        var filled = 0;
        for (long round = 1; filled < size; round++)
        {
            for (var i = 0; i < count && filled < size; i++)
            {
                // The heaviest destination takes a turn every round, one of half its weight every other round.
                if (round * weight[i] < target[i])
                {
                    continue;
                }

                target[i] += maxWeight;
                var slot = position[i];
                while (slots[slot] >= 0)
                {
                    slot = Advance(slot, skip[i], size);
                }

                slots[slot] = order[i];
                position[i] = Advance(slot, skip[i], size);
                filled++;
            }
        }

        return new MaglevTable(set, slots);
    }

    private static long Advance(long slot, long skip, int size)
    {
        slot += skip;
        return slot >= size ? slot - size : slot;
    }

    private static int[] SortByName(DestinationState[] items)
    {
        var names = new string[items.Length];
        var order = new int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            names[i] = items[i].Name;
            order[i] = i;
        }

        Array.Sort(names, order, StringComparer.Ordinal);
        return order;
    }

    /// <summary>Only a prime size guarantees every skip visits every slot.</summary>
    public static bool IsValidSize(int value)
    {
        if (value < 2)
        {
            return false;
        }

        for (var divisor = 2; (long)divisor * divisor <= value; divisor++)
        {
            if (value % divisor == 0)
            {
                return false;
            }
        }

        return true;
    }
}
