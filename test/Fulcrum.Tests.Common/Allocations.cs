namespace Fulcrum.Tests.Common;

/// <summary>
/// Measures steady-state allocation of a hot path on the current thread. The first rounds absorb one-time costs
/// (JIT tiers, lazily built caches, the array pool's per-thread buckets); a per-call allocation shows in every
/// round, so the last round is the figure to assert on.
/// </summary>
public static class Allocations
{
    public static long SteadyStateBytes(Action body, int iterations = 10_000, int rounds = 3)
    {
        long last = 0;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                body();
            }

            last = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return last;
    }
}
