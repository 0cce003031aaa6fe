using System.Diagnostics;
using System.Net;
using Fulcrum.Gateway.RateLimiting;
using Fulcrum.Gateway.RateLimiting.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.RateLimiting.Local;

/// <summary>Partitions come with their first request and go once idle: no key, however many, is kept for ever.</summary>
public class LocalRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Sweep_100000KeysThenIdle_EveryPartitionFreedAndMemoryReturned()
    {
        await using var limiter = new LocalRateLimiter(RateLimitTesting.Model("limit: 10, period: 1s"), _time, NullLogger.Instance);
        var baseline = Memory();

        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(limiter.Acquire(Key(i)).Allowed);
        }

        var held = limiter.PartitionCount;
        var heldBytes = Memory() - baseline;
        // Buckets refill in 100 ms; the sweep (every second, on the timer) frees them 10 s after that.
        _time.Advance(LocalRateLimiter.DefaultIdleTimeout + TimeSpan.FromSeconds(2));
        var left = limiter.PartitionCount;
        var leftBytes = Memory() - baseline;

        Assert.Equal(100_000, held);
        Assert.Equal(0, left);
        // What stays is the dictionary's bucket array (a ConcurrentDictionary never shrinks; about 1 MB here) and
        // whatever tests running in parallel hold at that moment.
        Assert.True(leftBytes < heldBytes / 4, $"{leftBytes} bytes still held after the sweep, {heldBytes} with 100,000 partitions");
    }

    [Fact]
    public async Task Sweep_BeforeIdleTimeout_KeepsThePartitionAndItsCount()
    {
        await using var limiter = new LocalRateLimiter(RateLimitTesting.Model("limit: 3, period: 1m"), _time, NullLogger.Instance);
        limiter.Acquire(Key(1));
        limiter.Acquire(Key(1));

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, limiter.PartitionCount);
        Assert.Equal(1, limiter.Acquire(Key(1)).Remaining);
    }

    [Fact]
    public async Task Sweep_ConcurrencyPermitHeld_PartitionKeptUntilReturned()
    {
        await using var limiter = new LocalRateLimiter(
            RateLimitTesting.Model("algorithm: concurrency, limit: 1"), TimeProvider.System, NullLogger.Instance, TimeSpan.Zero, 100);
        var held = limiter.Acquire(Key(1));

        limiter.Sweep();
        var whileHeld = limiter.Acquire(Key(1));
        held.Permit!.Dispose();
        limiter.Sweep();

        Assert.True(held.Allowed);
        Assert.False(whileHeld.Allowed);
        Assert.Equal(0, limiter.PartitionCount);
    }

    [Fact]
    public async Task Acquire_TableFull_NewKeysShareTheOverflowLimit()
    {
        await using var limiter = new LocalRateLimiter(
            RateLimitTesting.Model("limit: 2, period: 1m"), _time, NullLogger.Instance, LocalRateLimiter.DefaultIdleTimeout, maxPartitions: 3);
        for (var i = 0; i < 3; i++)
        {
            limiter.Acquire(Key(i));
        }

        var overflow = Enumerable.Range(100, 3).Select(i => limiter.Acquire(Key(i)).Allowed).ToList();

        Assert.Equal(3, limiter.PartitionCount);
        Assert.Equal([true, true, false], overflow);
    }

    [Fact]
    public async Task Acquire_SweepingConstantlyWhileRequestsRace_ConcurrencyNeverExceeded()
    {
        // Idle timeout 0: every free partition is removed at each sweep, racing the requests that use it.
        await using var limiter = new LocalRateLimiter(
            RateLimitTesting.Model("algorithm: concurrency, limit: 1"), TimeProvider.System, NullLogger.Instance, TimeSpan.Zero, 100);
        var inside = 0;
        var most = 0;
        var admitted = 0;
        // A clock, not a cancellation timer: the timer's callback needs a pool thread, and these five loops hold the
        // pool's threads, so on a two-core machine the stop came seconds late (and later still under load).
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(1);
        var sweeper = Task.Run(() =>
        {
            while (clock.Elapsed < duration)
            {
                limiter.Sweep();
            }
        });
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (clock.Elapsed < duration)
            {
                var decision = limiter.Acquire(Key(7));
                if (!decision.Allowed)
                {
                    continue;
                }

                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref most, now);
                Interlocked.Increment(ref admitted);
                Interlocked.Decrement(ref inside);
                decision.Permit!.Dispose();
            }
        })).ToList();

        await Task.WhenAll([sweeper, .. workers]);

        Assert.True(admitted > 100, $"only {admitted} requests admitted");
        Assert.Equal(1, most);
    }

    private static PartitionKey Key(int i) => PartitionKey.ForAddress(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)));

    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
