namespace Fulcrum.LoadBalancing;

/// <summary>
/// Turns the config names of <c>loadBalancing.policy</c> and <c>loadBalancing.hashAlgorithm</c> into a policy.
/// Called once per cluster when the model is built, never per request; config validation checks names against
/// <see cref="PolicyNames"/> and <see cref="HashAlgorithms"/> first so that a typo fails at load time.
/// Names are matched exactly (ordinal), as the config contract spells them.
/// </summary>
internal static class LoadBalancingPolicyFactory
{
    public const string RoundRobin = "roundRobin";
    public const string WeightedRoundRobin = "weightedRoundRobin";
    public const string Random = "random";
    public const string LeastRequests = "leastRequests";
    public const string PowerOfTwoChoices = "powerOfTwoChoices";
    public const string ConsistentHash = "consistentHash";
    public const string First = "first";

    public const string Maglev = "maglev";
    public const string Ring = "ring";

    public static IReadOnlyList<string> PolicyNames { get; } = Array.AsReadOnly(
        [RoundRobin, WeightedRoundRobin, Random, LeastRequests, PowerOfTwoChoices, ConsistentHash, First]);

    public static IReadOnlyList<string> HashAlgorithms { get; } = Array.AsReadOnly([Maglev, Ring]);

    /// <summary>
    /// Creates a new policy instance (policies keep per-cluster state, so clusters never share one).
    /// <paramref name="hashAlgorithm"/> is only read for <see cref="ConsistentHash"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown policy or hash algorithm name.</exception>
    public static ILoadBalancingPolicy Create(string policyName, string hashAlgorithm, IRandomSource random) => policyName switch
    {
        RoundRobin => new RoundRobinPolicy(),
        WeightedRoundRobin => new WeightedRoundRobinPolicy(),
        Random => new RandomPolicy(random),
        LeastRequests => new LeastRequestsPolicy(),
        PowerOfTwoChoices => new PowerOfTwoChoicesPolicy(random),
        ConsistentHash => new ConsistentHashPolicy(ParseHashAlgorithm(hashAlgorithm), random),
        First => new FirstPolicy(),
        _ => throw new ArgumentException(
            $"Unknown load balancing policy '{policyName}'; expected one of: {string.Join(", ", PolicyNames)}.",
            nameof(policyName)),
    };

    private static ConsistentHashAlgorithm ParseHashAlgorithm(string hashAlgorithm) => hashAlgorithm switch
    {
        Maglev => ConsistentHashAlgorithm.Maglev,
        Ring => ConsistentHashAlgorithm.Ring,
        _ => throw new ArgumentException(
            $"Unknown consistent hash algorithm '{hashAlgorithm}'; expected one of: {string.Join(", ", HashAlgorithms)}.",
            nameof(hashAlgorithm)),
    };
}
