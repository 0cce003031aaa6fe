using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class FirstPolicyTests
{
    [Fact]
    public void Pick_PrimaryAvailable_AlwaysReturnsPrimary()
    {
        var set = TestDestinations.Set("primary", "standby");
        set.Items[0].RequestStarted();

        Assert.Equal("primary primary primary", TestDestinations.Sequence(new FirstPolicy(), set, 3));
    }

    [Fact]
    public void Pick_PrimaryLeavesSet_ReturnsStandby()
    {
        var set = TestDestinations.Set("primary", "standby");

        var failedOver = TestDestinations.Without(set, "primary");

        Assert.Equal("standby", new FirstPolicy().Pick(LoadBalancingContext.None, failedOver)!.Name);
    }

    [Fact]
    public void Pick_EmptySet_ReturnsNull()
    {
        Assert.Null(new FirstPolicy().Pick(LoadBalancingContext.None, DestinationSet.Empty));
    }
}
