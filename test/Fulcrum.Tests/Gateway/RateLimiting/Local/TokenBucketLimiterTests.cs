using System.Threading.RateLimiting;
using Fulcrum.Gateway.RateLimiting.Local;

namespace Fulcrum.Tests.Gateway.RateLimiting.Local;

public class TokenBucketLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryAcquire_FullBucket_AdmitsBurstCountingDownThenRefuses()
    {
        var limiter = new TokenBucketLimiter(10, TimeSpan.FromMinutes(1), 10, _time);
        var now = _time.GetTimestamp();

        var remaining = Enumerable.Range(0, 10).Select(_ => limiter.TryAcquire(now, 1)).ToList();
        var refused = limiter.TryAcquire(now, 1);

        Assert.All(remaining, d => Assert.True(d.Allowed));
        Assert.Equal([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], remaining.Select(d => d.Remaining));
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(6), refused.RetryAfter);
    }

    [Fact]
    public void TryAcquire_AfterTimePasses_RefillsAtLimitPerPeriod()
    {
        var limiter = new TokenBucketLimiter(10, TimeSpan.FromMinutes(1), 10, _time);
        Drain(limiter);

        _time.Advance(TimeSpan.FromSeconds(6));
        var first = limiter.TryAcquire(_time.GetTimestamp(), 1);
        _time.Advance(TimeSpan.FromSeconds(3));
        var early = limiter.TryAcquire(_time.GetTimestamp(), 1);

        Assert.True(first.Allowed);
        Assert.False(early.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(3), early.RetryAfter);
    }

    [Fact]
    public void TryAcquire_BurstBelowLimit_BurstAtOnceThenTheRate()
    {
        var limiter = new TokenBucketLimiter(100, TimeSpan.FromMinutes(1), 20, _time);

        var admitted = Drain(limiter);
        var refused = limiter.TryAcquire(_time.GetTimestamp(), 1);

        Assert.Equal(20, admitted);
        Assert.Equal(TimeSpan.FromMilliseconds(600), refused.RetryAfter);
    }

    [Fact]
    public void TryAcquire_Admitted_ResetIsTimeUntilFull()
    {
        var limiter = new TokenBucketLimiter(10, TimeSpan.FromMinutes(1), 10, _time);

        limiter.TryAcquire(_time.GetTimestamp(), 1);
        var second = limiter.TryAcquire(_time.GetTimestamp(), 1);

        Assert.Equal(TimeSpan.FromSeconds(12), second.ResetAfter);
    }

    [Fact]
    public void IdleSince_FilledAgain_IdleFromTheMomentItWasFull()
    {
        var limiter = new TokenBucketLimiter(10, TimeSpan.FromSeconds(10), 10, _time);
        var start = _time.GetTimestamp();
        Assert.Equal(start, limiter.IdleSince(start));

        limiter.TryAcquire(start, 1);
        Assert.Null(limiter.IdleSince(start));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(start + TimeSpan.FromSeconds(1).Ticks, limiter.IdleSince(_time.GetTimestamp()));
        Assert.Equal(TimeSpan.FromSeconds(4), limiter.IdleDuration);
    }

    [Fact]
    public void AttemptAcquire_SystemThreadingRateLimitingSurface_LeasesWithRetryAfter()
    {
        RateLimiter limiter = new TokenBucketLimiter(1, TimeSpan.FromSeconds(2), 1, _time);

        using var acquired = limiter.AttemptAcquire();
        using var refused = limiter.AttemptAcquire();

        Assert.True(acquired.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), retryAfter);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    private int Drain(TokenBucketLimiter limiter)
    {
        var admitted = 0;
        while (limiter.TryAcquire(_time.GetTimestamp(), 1).Allowed)
        {
            admitted++;
        }

        return admitted;
    }
}
