using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

/// <summary>Builds destinations and sets; the address is irrelevant to balancing.</summary>
internal static class TestDestinations
{
    public static DestinationState Create(string name, int weight = 1) =>
        new(name, new DestinationModel(new Uri("http://127.0.0.1:1"), weight));

    public static DestinationSet Set(params string[] names)
    {
        var items = new DestinationState[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            items[i] = Create(names[i]);
        }

        return new DestinationSet(items);
    }

    public static DestinationSet Weighted(params (string Name, int Weight)[] destinations)
    {
        var items = new DestinationState[destinations.Length];
        for (var i = 0; i < destinations.Length; i++)
        {
            items[i] = Create(destinations[i].Name, destinations[i].Weight);
        }

        return new DestinationSet(items);
    }

    /// <summary>A new set instance holding <paramref name="set"/>'s destinations except the named one.</summary>
    public static DestinationSet Without(DestinationSet set, string name) =>
        new(Array.FindAll(set.Items, d => d.Name != name));

    /// <summary>The names of <paramref name="count"/> successive picks without a hash, space separated.</summary>
    public static string Sequence(ILoadBalancingPolicy policy, DestinationSet set, int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = policy.Pick(LoadBalancingContext.None, set)!.Name;
        }

        return string.Join(" ", names);
    }
}
