using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class LeastRequestsPolicyTests
{
    [Fact]
    public void Pick_AfterRequestStarted_ChoosesLeastLoaded()
    {
        var set = TestDestinations.Set("a", "b", "c");
        Start(set.Items[0], 3);
        Start(set.Items[1], 1);
        Start(set.Items[2], 2);
        var policy = new LeastRequestsPolicy();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("b", policy.Pick(LoadBalancingContext.None, set)!.Name);
        }
    }

    [Fact]
    public void Pick_RequestEnded_ChoosesNewLeastLoaded()
    {
        var set = TestDestinations.Set("a", "b");
        Start(set.Items[0], 2);
        Start(set.Items[1], 1);
        var policy = new LeastRequestsPolicy();
        Assert.Equal("b", policy.Pick(LoadBalancingContext.None, set)!.Name);

        set.Items[0].RequestEnded(failed: false, TimeSpan.Zero);
        set.Items[0].RequestEnded(failed: false, TimeSpan.Zero);

        Assert.Equal("a", policy.Pick(LoadBalancingContext.None, set)!.Name);
    }

    [Fact]
    public void Pick_PickedDestinationsStartRequests_SpreadsLoadEvenly()
    {
        var set = TestDestinations.Set("a", "b", "c");
        var policy = new LeastRequestsPolicy();

        for (var i = 0; i < 9; i++)
        {
            policy.Pick(LoadBalancingContext.None, set)!.RequestStarted();
        }

        Assert.All(set.Items, d => Assert.Equal(3, d.InFlight));
    }

    [Fact]
    public void Pick_AllTied_RotatesInsteadOfFavouringFirst()
    {
        var set = TestDestinations.Set("a", "b", "c");

        Assert.Equal("a b c a", TestDestinations.Sequence(new LeastRequestsPolicy(), set, 4));
    }

    [Fact]
    public void Pick_TieAmongLeastLoaded_RotatesAmongThem()
    {
        var set = TestDestinations.Set("a", "b", "c");
        Start(set.Items[1], 1);

        Assert.Equal("a c c a", TestDestinations.Sequence(new LeastRequestsPolicy(), set, 4));
    }

    [Fact]
    public void Pick_EmptySet_ReturnsNull()
    {
        Assert.Null(new LeastRequestsPolicy().Pick(LoadBalancingContext.None, DestinationSet.Empty));
    }

    private static void Start(DestinationState destination, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            destination.RequestStarted();
        }
    }
}
