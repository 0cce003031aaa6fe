using Fulcrum.Gateway.RateLimiting.Local;

namespace Fulcrum.Tests.Gateway.RateLimiting.Local;

public class FixedWindowLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public void TryAcquire_WindowFull_RefusedUntilItsEnd()
    {
        var limiter = new FixedWindowLimiter(3, TimeSpan.FromSeconds(10), _time);
        _time.Advance(TimeSpan.FromSeconds(4));
        var now = _time.GetTimestamp();

        var admitted = Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire(now, 1)).ToList();
        var refused = limiter.TryAcquire(now, 1);

        Assert.Equal([2, 1, 0], admitted.Select(d => d.Remaining));
        Assert.All(admitted, d => Assert.Equal(TimeSpan.FromSeconds(6), d.ResetAfter));
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(6), refused.RetryAfter);
    }

    [Fact]
    public void TryAcquire_NextWindow_CountStartsOver()
    {
        var limiter = new FixedWindowLimiter(3, TimeSpan.FromSeconds(10), _time);
        while (limiter.TryAcquire(_time.GetTimestamp(), 1).Allowed)
        {
        }

        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, limiter.TryAcquire(_time.GetTimestamp(), 1).Remaining);
    }

    [Fact]
    public void TryAcquire_DailyWindow_TurnsOverAtMidnightUtcWhateverTheClocksOrigin()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 23, 59, 50, TimeSpan.Zero));
        var limiter = new FixedWindowLimiter(1, TimeSpan.FromDays(1), time);

        var admitted = limiter.TryAcquire(time.GetTimestamp(), 1);
        var refused = limiter.TryAcquire(time.GetTimestamp(), 1);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10), admitted.ResetAfter);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);
        Assert.True(limiter.TryAcquire(time.GetTimestamp(), 1).Allowed);
    }

    [Fact]
    public void IdleSince_UsedThisWindow_IdleFromItsEnd()
    {
        var limiter = new FixedWindowLimiter(3, TimeSpan.FromSeconds(10), _time);
        var start = _time.GetTimestamp();
        limiter.TryAcquire(start, 1);

        Assert.Null(limiter.IdleSince(start + TimeSpan.FromSeconds(9).Ticks));
        Assert.Equal(start + TimeSpan.FromSeconds(10).Ticks, limiter.IdleSince(start + TimeSpan.FromSeconds(30).Ticks));
    }
}
