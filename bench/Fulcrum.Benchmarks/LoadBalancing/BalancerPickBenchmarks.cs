using BenchmarkDotNet.Attributes;
using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Benchmarks.LoadBalancing;

/// <summary>
/// One <see cref="ILoadBalancingPolicy.Pick"/> per operation, for every policy the config accepts, among 5
/// destinations with unequal weights and unequal in-flight counts. Policies are built exactly as the model compiler
/// builds them (<see cref="LoadBalancingPolicyFactory.Create"/> with <see cref="SharedRandomSource"/>).
/// Bar: 0 B allocated per pick.
/// </summary>
[MemoryDiagnoser]
public class BalancerPickBenchmarks
{
    private ILoadBalancingPolicy _policy = null!;
    private DestinationSet _set = null!;
    private bool _hashed;
    private ulong _nextKey;

    /// <summary><c>policy</c>, or <c>consistentHash/algorithm</c>.</summary>
    [Params(
        LoadBalancingPolicyFactory.RoundRobin,
        LoadBalancingPolicyFactory.WeightedRoundRobin,
        LoadBalancingPolicyFactory.Random,
        LoadBalancingPolicyFactory.LeastRequests,
        LoadBalancingPolicyFactory.PowerOfTwoChoices,
        "consistentHash/maglev",
        "consistentHash/ring",
        LoadBalancingPolicyFactory.First)]
    public string Policy { get; set; } = LoadBalancingPolicyFactory.RoundRobin;

    [GlobalSetup]
    public void Setup()
    {
        var parts = Policy.Split('/');
        var name = parts[0];
        var algorithm = parts.Length > 1 ? parts[1] : LoadBalancingPolicyFactory.Maglev;
        _policy = LoadBalancingPolicyFactory.Create(name, algorithm, SharedRandomSource.Instance);

        // A consistent-hash cluster hashes every request (client address by default); the others never get a key.
        _hashed = name == LoadBalancingPolicyFactory.ConsistentHash;

        (string Name, int Weight, int InFlight)[] destinations = [("a", 3, 2), ("b", 1, 0), ("c", 2, 1), ("d", 1, 3), ("e", 5, 1)];
        var items = new DestinationState[destinations.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var (destinationName, weight, inFlight) = destinations[i];
            items[i] = new DestinationState(destinationName, new DestinationModel(new Uri($"http://127.0.0.1:{5001 + i}"), weight));
            for (var r = 0; r < inFlight; r++)
            {
                items[i].RequestStarted();
            }
        }

        _set = new DestinationSet(items);

        // The first consistent-hash pick builds the lookup table for this set; that is per set change, not per pick.
        if (Pick() is null)
        {
            throw new InvalidOperationException($"{Policy} picked nothing from 5 destinations");
        }
    }

    [Benchmark]
    public object? Pick()
    {
        // Successive keys: the policy re-mixes the hash, so these spread over the whole table like real clients.
        var context = _hashed ? new LoadBalancingContext(_nextKey++) : LoadBalancingContext.None;
        return _policy.Pick(context, _set);
    }
}
