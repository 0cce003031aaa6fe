namespace Fulcrum.LoadBalancing;

/// <summary>The random numbers balancers use; a seam so tests can assert exact sequences.</summary>
internal interface IRandomSource
{
    /// <summary>A number in [0, <paramref name="maxExclusive"/>).</summary>
    int Next(int maxExclusive);
}
