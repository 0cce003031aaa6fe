using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class LoadBalancingPolicyFactoryTests
{
    [Theory]
    [InlineData("roundRobin", "RoundRobinPolicy")]
    [InlineData("weightedRoundRobin", "WeightedRoundRobinPolicy")]
    [InlineData("random", "RandomPolicy")]
    [InlineData("leastRequests", "LeastRequestsPolicy")]
    [InlineData("powerOfTwoChoices", "PowerOfTwoChoicesPolicy")]
    [InlineData("consistentHash", "ConsistentHashPolicy")]
    [InlineData("first", "FirstPolicy")]
    public void Create_KnownName_ReturnsThatPolicy(string policyName, string expectedType)
    {
        var policy = LoadBalancingPolicyFactory.Create(policyName, "maglev", SharedRandomSource.Instance);

        Assert.Equal(expectedType, policy.GetType().Name);
    }

    [Theory]
    [InlineData("maglev", "Maglev")]
    [InlineData("ring", "Ring")]
    public void Create_ConsistentHash_UsesRequestedAlgorithm(string hashAlgorithm, string expected)
    {
        var policy = LoadBalancingPolicyFactory.Create("consistentHash", hashAlgorithm, SharedRandomSource.Instance);

        Assert.Equal(expected, ((ConsistentHashPolicy)policy).Algorithm.ToString());
    }

    [Fact]
    public void Create_EveryListedName_Succeeds()
    {
        Assert.Equal(7, LoadBalancingPolicyFactory.PolicyNames.Count);
        foreach (var name in LoadBalancingPolicyFactory.PolicyNames)
        {
            foreach (var algorithm in LoadBalancingPolicyFactory.HashAlgorithms)
            {
                Assert.NotNull(LoadBalancingPolicyFactory.Create(name, algorithm, SharedRandomSource.Instance));
            }
        }
    }

    [Theory]
    [InlineData("leastConnections")]
    [InlineData("RoundRobin")]
    [InlineData("")]
    public void Create_UnknownPolicy_ThrowsArgumentException(string policyName)
    {
        var error = Assert.Throws<ArgumentException>(
            () => LoadBalancingPolicyFactory.Create(policyName, "maglev", SharedRandomSource.Instance));

        Assert.Equal("policyName", error.ParamName);
    }

    [Fact]
    public void Create_ConsistentHashUnknownAlgorithm_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(
            () => LoadBalancingPolicyFactory.Create("consistentHash", "ketama", SharedRandomSource.Instance));

        Assert.Equal("hashAlgorithm", error.ParamName);
    }

    [Fact]
    public void Create_OtherPolicyUnknownAlgorithm_IgnoresAlgorithm()
    {
        Assert.NotNull(LoadBalancingPolicyFactory.Create("roundRobin", "ketama", SharedRandomSource.Instance));
    }
}
