using Fulcrum.Gateway.RateLimiting.Local;

namespace Fulcrum.Tests.Gateway.RateLimiting.Local;

public class SlidingWindowLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryAcquire_OverLimit_RetryWhenTheOldestRequestsLeaveTheWindow()
    {
        // 4 requests per 4 s in 4 segments of 1 s: two at 0 s, two at 1 s, then full.
        var limiter = new SlidingWindowLimiter(4, TimeSpan.FromSeconds(4), 4, _time);
        Acquire(limiter, 2);
        _time.Advance(TimeSpan.FromSeconds(1));
        Acquire(limiter, 2);
        _time.Advance(TimeSpan.FromSeconds(1.5));

        var refused = limiter.TryAcquire(_time.GetTimestamp(), 1);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        var afterFirstSegmentLeft = Acquire(limiter, 3);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1.5), refused.RetryAfter);
        Assert.Equal(2, afterFirstSegmentLeft);
    }

    [Fact]
    public void TryAcquire_NoBoundaryBurst_UnlikeAFixedWindow()
    {
        var limiter = new SlidingWindowLimiter(10, TimeSpan.FromSeconds(10), 10, _time);
        _time.Advance(TimeSpan.FromSeconds(9.5));
        var late = Acquire(limiter, 10);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(10, late);
        Assert.Equal(0, Acquire(limiter, 10));
    }

    [Fact]
    public void TryAcquire_AfterAWholePeriod_EverythingGivenBack()
    {
        var limiter = new SlidingWindowLimiter(5, TimeSpan.FromSeconds(5), 5, _time);
        Acquire(limiter, 5);

        _time.Advance(TimeSpan.FromSeconds(5));

        var now = _time.GetTimestamp();
        var decision = limiter.TryAcquire(now, 1);
        Assert.Equal(4, decision.Remaining);
        Assert.Equal(TimeSpan.FromSeconds(5), decision.ResetAfter);
        Assert.Null(limiter.IdleSince(now + TimeSpan.FromSeconds(4).Ticks));
        Assert.Equal(now + TimeSpan.FromSeconds(5).Ticks, limiter.IdleSince(now + TimeSpan.FromSeconds(6).Ticks));
    }

    private int Acquire(SlidingWindowLimiter limiter, int count)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            if (limiter.TryAcquire(_time.GetTimestamp(), 1).Allowed)
            {
                admitted++;
            }
        }

        return admitted;
    }
}
