using Fulcrum.Clusters;

namespace Fulcrum.LoadBalancing;

/// <summary>
/// A lookup structure built once for one <see cref="DestinationSet"/> that maps a key hash to one of its
/// destinations: <see cref="MaglevTable"/> or <see cref="HashRing"/>. Immutable, so safe to share across threads.
/// </summary>
internal interface IConsistentHashTable
{
    /// <summary>The set this table was built for; callers compare by reference to know if it is still current.</summary>
    DestinationSet Set { get; }

    /// <summary>Expects a well-mixed hash (every bit matters); must not allocate.</summary>
    DestinationState Lookup(ulong hash);
}
