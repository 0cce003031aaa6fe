using Fulcrum.Tests.Common;
using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class ConsistentHashPolicyTests
{
    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_SameKey_ReturnsSameDestination(string algorithm)
    {
        var policy = Create(algorithm);
        var set = TestDestinations.Set("a", "b", "c", "d");
        var context = new LoadBalancingContext(HashKey.Of("user-42"));

        var first = policy.Pick(context, set);

        for (var i = 0; i < 100; i++)
        {
            Assert.Same(first, policy.Pick(context, set));
        }
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_30000Keys_SpreadsWithin10PercentOfEven(string algorithm)
    {
        var policy = Create(algorithm);
        var set = TestDestinations.Set("a", "b", "c");
        var counts = new Dictionary<string, int>();

        foreach (var key in Keys(30_000))
        {
            var name = policy.Pick(new LoadBalancingContext(key), set)!.Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 9_000, 11_000));
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_Weights31_SpreadsKeysByWeight(string algorithm)
    {
        var policy = Create(algorithm);
        var set = TestDestinations.Weighted(("heavy", 3), ("light", 1));
        var heavy = 0;

        foreach (var key in Keys(30_000))
        {
            if (policy.Pick(new LoadBalancingContext(key), set)!.Name == "heavy")
            {
                heavy++;
            }
        }

        Assert.InRange(heavy / 30_000.0, 0.72, 0.78);
    }

    [Fact]
    public void Pick_RingOneOfFiveLeaves_OnlyItsKeysMove()
    {
        var (moved, movedFromSurvivors) = Remap("ring");

        Assert.InRange(moved, 0.1, 0.3);
        Assert.Equal(0, movedFromSurvivors);
    }

    [Fact]
    public void Pick_MaglevOneOfFiveLeaves_AboutOneFifthOfKeysMove()
    {
        var (moved, movedFromSurvivors) = Remap("maglev");

        // Maglev trades a little stability for its even spread: a few survivor slots are reassigned too.
        Assert.InRange(moved, 0.1, 0.3);
        Assert.InRange(movedFromSurvivors, 0, 0.05);
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_SameNamesInOtherOrderAndInstances_SameMapping(string algorithm)
    {
        // What a second gateway process, loading the same destinations in another order, would build.
        var here = TestDestinations.Set("a", "b", "c", "d", "e");
        var there = TestDestinations.Set("d", "b", "e", "a", "c");
        var policyHere = Create(algorithm);
        var policyThere = Create(algorithm);

        foreach (var key in Keys(10_000))
        {
            var context = new LoadBalancingContext(key);
            Assert.Equal(policyHere.Pick(context, here)!.Name, policyThere.Pick(context, there)!.Name);
        }
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_NoHash_FallsBackToRandom(string algorithm)
    {
        var random = new ScriptedRandomSource(1, 2, 0);
        var policy = Create(algorithm, random);
        var set = TestDestinations.Set("a", "b", "c");

        Assert.Equal("b c a", TestDestinations.Sequence(policy, set, 3));
        Assert.Equal(3, random.Calls);
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_EmptySet_ReturnsNull(string algorithm)
    {
        var policy = Create(algorithm);

        Assert.Null(policy.Pick(new LoadBalancingContext(42), DestinationSet.Empty));
        Assert.Null(policy.Pick(LoadBalancingContext.None, DestinationSet.Empty));
    }

    [Theory]
    [InlineData("maglev")]
    [InlineData("ring")]
    public void Pick_AlternatingBetweenTwoSets_KeepsBothTablesWithoutAllocating(string algorithm)
    {
        // Panic mode and picks racing a health change use two sets at once; neither may rebuild per pick.
        var policy = Create(algorithm);
        var all = TestDestinations.Set("a", "b", "c");
        var available = TestDestinations.Without(all, "b");
        var context = new LoadBalancingContext(7);

        var allocated = Allocations.SteadyStateBytes(() =>
        {
            policy.Pick(context, all);
            policy.Pick(context, available);
        }, iterations: 100);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Constructor_NonPrimeMaglevTableSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new ConsistentHashPolicy(ConsistentHashAlgorithm.Maglev, new ScriptedRandomSource(), 65536));
    }

    private static ConsistentHashPolicy Create(string algorithm, IRandomSource? random = null) => new(
        algorithm == "maglev" ? ConsistentHashAlgorithm.Maglev : ConsistentHashAlgorithm.Ring,
        random ?? new ScriptedRandomSource());

    private static ulong[] Keys(int count)
    {
        var keys = new ulong[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = HashKey.Of($"session-{i}");
        }

        return keys;
    }

    /// <summary>
    /// Maps 10,000 keys over five destinations, removes "c", maps them again; returns the fraction of all keys
    /// that moved and the fraction of keys on the four survivors that moved.
    /// </summary>
    private static (double Moved, double MovedFromSurvivors) Remap(string algorithm)
    {
        var policy = Create(algorithm);
        var before = TestDestinations.Set("a", "b", "c", "d", "e");
        var after = TestDestinations.Without(before, "c");
        var keys = Keys(10_000);
        int moved = 0, onSurvivors = 0, movedFromSurvivors = 0;

        foreach (var key in keys)
        {
            var context = new LoadBalancingContext(key);
            var was = policy.Pick(context, before)!;
            var now = policy.Pick(context, after)!;
            Assert.NotEqual("c", now.Name);
            if (was.Name != "c")
            {
                onSurvivors++;
            }

            if (!ReferenceEquals(was, now))
            {
                moved++;
                if (was.Name != "c")
                {
                    movedFromSurvivors++;
                }
            }
        }

        return ((double)moved / keys.Length, (double)movedFromSurvivors / onSurvivors);
    }
}
