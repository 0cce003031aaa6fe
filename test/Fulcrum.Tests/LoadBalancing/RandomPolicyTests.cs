using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class RandomPolicyTests
{
    [Fact]
    public void Pick_ScriptedRandom_ReturnsDestinationAtDrawnIndex()
    {
        var set = TestDestinations.Set("a", "b", "c");
        var policy = new RandomPolicy(new ScriptedRandomSource(2, 0, 1, 1));

        Assert.Equal("c a b b", TestDestinations.Sequence(policy, set, 4));
    }

    [Fact]
    public void Pick_SharedRandom_SpreadsEvenly()
    {
        var set = TestDestinations.Set("a", "b", "c");
        var policy = new RandomPolicy(SharedRandomSource.Instance);
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 30_000; i++)
        {
            var name = policy.Pick(LoadBalancingContext.None, set)!.Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        // 10,000 expected each; the standard deviation is about 82, so ±10% is over 12 deviations.
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 9_000, 11_000));
    }

    [Fact]
    public void Pick_EmptySet_ReturnsNullWithoutDrawing()
    {
        var random = new ScriptedRandomSource();

        Assert.Null(new RandomPolicy(random).Pick(LoadBalancingContext.None, DestinationSet.Empty));
        Assert.Equal(0, random.Calls);
    }
}
