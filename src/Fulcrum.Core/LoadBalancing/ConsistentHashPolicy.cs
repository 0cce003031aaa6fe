using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// Sends every request with the same key hash to the same destination while the set is unchanged, and moves
/// only about 1/n of keys when one of n destinations joins or leaves. Requests without a key go to a random
/// destination.
/// </summary>
/// <remarks>
/// The lookup structure (<see cref="MaglevTable"/> or <see cref="HashRing"/>) is built once per
/// <see cref="DestinationSet"/> instance and cached by reference, never per pick.
/// Thread-safety: picks read the cached table lock-free through a volatile field; a table is fully built before
/// it is published. Builds take a lock so that a burst of requests after a set change builds one table, not one
/// per request; a request that raced with the publication of an even newer set may rebuild for its own set,
/// which is correct, just extra work.
/// </remarks>
internal sealed class ConsistentHashPolicy : ILoadBalancingPolicy
{
    private readonly ConsistentHashAlgorithm _algorithm;
    private readonly IRandomSource _random;
    private readonly int _maglevTableSize;
    private readonly Lock _buildLock = new();
    private volatile MaglevTable? _maglev;
    private volatile HashRing? _ring;

    public ConsistentHashPolicy(ConsistentHashAlgorithm algorithm, IRandomSource random, int maglevTableSize = MaglevTable.DefaultSize)
    {
        if (algorithm is not (ConsistentHashAlgorithm.Maglev or ConsistentHashAlgorithm.Ring))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown consistent hash algorithm.");
        }

        // Checked here so a bad size fails when the cluster model is built, not on the first request.
        if (algorithm == ConsistentHashAlgorithm.Maglev && !MaglevTable.IsValidSize(maglevTableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(maglevTableSize), maglevTableSize, "The Maglev table size must be a prime number.");
        }

        _algorithm = algorithm;
        _random = random;
        _maglevTableSize = maglevTableSize;
    }

    public ConsistentHashAlgorithm Algorithm => _algorithm;

    public DestinationState? Pick(in LoadBalancingContext context, DestinationSet available)
    {
        var items = available.Items;
        var count = items.Length;
        if (count <= 1)
        {
            return count == 0 ? null : items[0];
        }

        if (!context.HasHash)
        {
            return items[_random.Next(count)];
        }

        // Re-mixed because the caller's hash may come from a weak source (sequential ids, a truncated value);
        // the ring in particular needs keys spread over all 64 bits. A few multiplies per pick.
        var hash = HashKey.Mix(context.Hash);
        return _algorithm == ConsistentHashAlgorithm.Maglev
            ? GetMaglev(available).Lookup(hash)
            : GetRing(available).Lookup(hash);
    }

    private MaglevTable GetMaglev(DestinationSet set)
    {
        var table = _maglev;
        if (table is not null && ReferenceEquals(table.Set, set))
        {
            return table;
        }

        lock (_buildLock)
        {
            table = _maglev;
            if (table is null || !ReferenceEquals(table.Set, set))
            {
                table = MaglevTable.Build(set, _maglevTableSize);
                _maglev = table;
            }

            return table;
        }
    }

    private HashRing GetRing(DestinationSet set)
    {
        var ring = _ring;
        if (ring is not null && ReferenceEquals(ring.Set, set))
        {
            return ring;
        }

        lock (_buildLock)
        {
            ring = _ring;
            if (ring is null || !ReferenceEquals(ring.Set, set))
            {
                ring = HashRing.Build(set);
                _ring = ring;
            }

            return ring;
        }
    }
}
