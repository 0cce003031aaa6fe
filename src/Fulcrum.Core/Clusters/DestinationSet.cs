namespace Fulcrum.Clusters;

/// <summary>
/// An immutable set of destinations a balancer may pick from. A new instance is published whenever health or
/// membership changes, so a policy may cache work (hash tables, weights) keyed by the instance.
/// </summary>
internal sealed class DestinationSet
{
    public static readonly DestinationSet Empty = new([]);

    public DestinationSet(DestinationState[] items) => Items = items;

    public DestinationState[] Items { get; }

    public int Count => Items.Length;
}
