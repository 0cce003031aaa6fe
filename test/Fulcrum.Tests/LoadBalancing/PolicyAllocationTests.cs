using Fulcrum.Tests.Common;
using System.Runtime.CompilerServices;
using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class PolicyAllocationTests
{
    [Theory]
    [InlineData("roundRobin", "maglev")]
    [InlineData("weightedRoundRobin", "maglev")]
    [InlineData("random", "maglev")]
    [InlineData("leastRequests", "maglev")]
    [InlineData("powerOfTwoChoices", "maglev")]
    [InlineData("consistentHash", "maglev")]
    [InlineData("consistentHash", "ring")]
    [InlineData("first", "maglev")]
    public void Pick_AfterWarmUp_AllocatesNothing(string policyName, string hashAlgorithm)
    {
        var policy = LoadBalancingPolicyFactory.Create(policyName, hashAlgorithm, SharedRandomSource.Instance);
        var set = TestDestinations.Weighted(("a", 3), ("b", 1), ("c", 2), ("d", 1), ("e", 5));

        var picked = 0;

        var allocated = Allocations.SteadyStateBytes(
            () => picked += PickMany(policy, set, hashed: true) + PickMany(policy, set, hashed: false), iterations: 1);

        Assert.Equal(3 * 20_000, picked);
        Assert.Equal(0, allocated);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int PickMany(ILoadBalancingPolicy policy, DestinationSet set, bool hashed)
    {
        var picked = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var context = hashed ? new LoadBalancingContext((ulong)i) : LoadBalancingContext.None;
            if (policy.Pick(context, set) is not null)
            {
                picked++;
            }
        }

        return picked;
    }
}
