using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class RoundRobinPolicyTests
{
    [Fact]
    public void Pick_ThreeDestinations_CyclesInSetOrder()
    {
        var set = TestDestinations.Set("a", "b", "c");

        Assert.Equal("a b c a b c a", TestDestinations.Sequence(new RoundRobinPolicy(), set, 7));
    }

    [Fact]
    public void Pick_WeightedDestinations_IgnoresWeights()
    {
        var set = TestDestinations.Weighted(("a", 5), ("b", 1));

        Assert.Equal("a b a b", TestDestinations.Sequence(new RoundRobinPolicy(), set, 4));
    }

    [Fact]
    public void Pick_SetShrinks_StaysWithinNewSet()
    {
        var policy = new RoundRobinPolicy();
        var full = TestDestinations.Set("a", "b", "c");
        TestDestinations.Sequence(policy, full, 2);

        var shrunk = TestDestinations.Without(full, "c");

        Assert.Equal("a b a", TestDestinations.Sequence(policy, shrunk, 3));
    }

    [Fact]
    public void Pick_EmptySet_ReturnsNull()
    {
        Assert.Null(new RoundRobinPolicy().Pick(LoadBalancingContext.None, DestinationSet.Empty));
    }
}
