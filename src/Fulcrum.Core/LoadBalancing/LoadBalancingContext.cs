namespace Fulcrum.LoadBalancing;

/// <summary>What a pick may depend on besides the destinations: the request's hash key, when it has one.</summary>
internal readonly struct LoadBalancingContext
{
    public static readonly LoadBalancingContext None = default;

    public LoadBalancingContext(ulong hash)
    {
        Hash = hash;
        HasHash = true;
    }

    public ulong Hash { get; }

    public bool HasHash { get; }
}
