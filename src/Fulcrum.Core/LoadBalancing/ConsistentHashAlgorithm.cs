namespace Fulcrum.LoadBalancing;

/// <summary>How <see cref="ConsistentHashPolicy"/> maps a key hash to a destination.</summary>
internal enum ConsistentHashAlgorithm
{
    /// <summary>Google's Maglev lookup table: O(1) picks and a very even spread; a few keys on survivors may move.</summary>
    Maglev,

    /// <summary>A ring of virtual nodes (Karger): O(log n) picks; keys on surviving destinations never move.</summary>
    Ring,
}
