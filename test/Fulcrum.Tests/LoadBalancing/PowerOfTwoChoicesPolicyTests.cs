using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class PowerOfTwoChoicesPolicyTests
{
    [Fact]
    public void Pick_SecondLessLoaded_ReturnsSecond()
    {
        var set = TestDestinations.Set("a", "b", "c");
        set.Items[0].RequestStarted();
        var random = new ScriptedRandomSource(0, 1);

        // Draws a (0), then index 1 of the others, which is c.
        Assert.Equal("c", new PowerOfTwoChoicesPolicy(random).Pick(LoadBalancingContext.None, set)!.Name);
        Assert.Equal(2, random.Calls);
    }

    [Fact]
    public void Pick_FirstLessLoaded_ReturnsFirst()
    {
        var set = TestDestinations.Set("a", "b", "c");
        set.Items[0].RequestStarted();

        // Draws c (2), then index 0 of the others, which is a.
        var picked = new PowerOfTwoChoicesPolicy(new ScriptedRandomSource(2, 0)).Pick(LoadBalancingContext.None, set);

        Assert.Equal("c", picked!.Name);
    }

    [Fact]
    public void Pick_SecondDrawBelowFirst_IsNotShifted()
    {
        var set = TestDestinations.Set("a", "b", "c");
        set.Items[2].RequestStarted();

        // Draws c (2), then index 1 of the others, which is b.
        var picked = new PowerOfTwoChoicesPolicy(new ScriptedRandomSource(2, 1)).Pick(LoadBalancingContext.None, set);

        Assert.Equal("b", picked!.Name);
    }

    [Fact]
    public void Pick_EqualLoad_ReturnsFirstDrawn()
    {
        var set = TestDestinations.Set("a", "b", "c");

        var picked = new PowerOfTwoChoicesPolicy(new ScriptedRandomSource(1, 1)).Pick(LoadBalancingContext.None, set);

        Assert.Equal("b", picked!.Name);
    }

    [Fact]
    public void Pick_TwoDestinations_NeverComparesOneWithItself()
    {
        var set = TestDestinations.Set("a", "b");
        set.Items[1].RequestStarted();

        // Whatever the draws, both destinations are compared, so the idle one always wins.
        var policy = new PowerOfTwoChoicesPolicy(new ScriptedRandomSource(0, 0, 1, 0));

        Assert.Equal("a a", TestDestinations.Sequence(policy, set, 2));
    }

    [Fact]
    public void Pick_SingleDestination_ReturnsItWithoutDrawing()
    {
        var set = TestDestinations.Set("only");
        var random = new ScriptedRandomSource();

        Assert.Equal("only", new PowerOfTwoChoicesPolicy(random).Pick(LoadBalancingContext.None, set)!.Name);
        Assert.Equal(0, random.Calls);
    }

    [Fact]
    public void Pick_EmptySet_ReturnsNull()
    {
        var policy = new PowerOfTwoChoicesPolicy(new ScriptedRandomSource());

        Assert.Null(policy.Pick(LoadBalancingContext.None, DestinationSet.Empty));
    }
}
