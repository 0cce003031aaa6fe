namespace Fulcrum.LoadBalancing;

/// <summary>
/// The production random source. <see cref="Random.Shared"/> is thread-safe and lock-free (one generator per
/// thread), so balancers can share this one instance across all clusters.
/// </summary>
internal sealed class SharedRandomSource : IRandomSource
{
    private SharedRandomSource()
    {
    }

    public static SharedRandomSource Instance { get; } = new();

    public int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);
}
