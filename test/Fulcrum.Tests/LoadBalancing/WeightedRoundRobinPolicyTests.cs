using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class WeightedRoundRobinPolicyTests
{
    [Fact]
    public void Pick_Weights511_FollowsNginxSmoothSequence()
    {
        var set = TestDestinations.Weighted(("a", 5), ("b", 1), ("c", 1));

        Assert.Equal(
            "a a b a c a a a a b a c a a",
            TestDestinations.Sequence(new WeightedRoundRobinPolicy(), set, 14));
    }

    [Fact]
    public void Pick_EqualWeights_CyclesLikeRoundRobin()
    {
        var set = TestDestinations.Weighted(("a", 2), ("b", 2), ("c", 2));

        Assert.Equal("a b c a b c", TestDestinations.Sequence(new WeightedRoundRobinPolicy(), set, 6));
    }

    [Fact]
    public void Pick_Weights31_Gives75PercentToHeavier()
    {
        var set = TestDestinations.Weighted(("heavy", 3), ("light", 1));
        var policy = new WeightedRoundRobinPolicy();

        var heavy = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (policy.Pick(LoadBalancingContext.None, set)!.Name == "heavy")
            {
                heavy++;
            }
        }

        Assert.InRange(heavy / 10_000.0, 0.74, 0.76);
    }

    [Fact]
    public void Pick_NewSetInstance_RestartsWithNewWeights()
    {
        var policy = new WeightedRoundRobinPolicy();
        TestDestinations.Sequence(policy, TestDestinations.Weighted(("a", 5), ("b", 1), ("c", 1)), 3);

        var reloaded = TestDestinations.Weighted(("a", 1), ("b", 2));

        Assert.Equal("b a b b a b", TestDestinations.Sequence(policy, reloaded, 6));
    }

    [Fact]
    public void Pick_SingleDestination_ReturnsIt()
    {
        var set = TestDestinations.Weighted(("only", 7));

        Assert.Equal("only only", TestDestinations.Sequence(new WeightedRoundRobinPolicy(), set, 2));
    }

    [Fact]
    public void Pick_EmptySet_ReturnsNull()
    {
        Assert.Null(new WeightedRoundRobinPolicy().Pick(LoadBalancingContext.None, DestinationSet.Empty));
    }
}
