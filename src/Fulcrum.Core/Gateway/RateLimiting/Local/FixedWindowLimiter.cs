namespace Fulcrum.Gateway.RateLimiting.Local;

/// <summary>
/// At most limit requests per window; windows are consecutive periods since the Unix epoch, so every partition's
/// count starts over at the same moments (a 1d window at midnight UTC), here and in Redis. Simple and cheap, but a client can make 2 × limit requests around a boundary.
/// </summary>
internal sealed class FixedWindowLimiter : ClockedRateLimiter
{
    private readonly int _limit;
    private readonly long _window;
    private long _index;
    private int _count;

    public FixedWindowLimiter(int limit, TimeSpan period, TimeProvider time)
        : base(time, period)
    {
        _limit = limit;
        _window = ToTicks(period);
        _index = (Created + SinceEpoch) / _window;
    }

    public override RateLimitDecision TryAcquire(long now, int permits)
    {
        lock (Sync)
        {
            Roll(now);
            if (_count + Math.Max(permits, 1) > _limit)
            {
                return new RateLimitDecision { Remaining = _limit - _count, RetryAfter = UntilEnd(now) };
            }

            _count += permits;
            return new RateLimitDecision { Allowed = true, Remaining = _limit - _count, ResetAfter = UntilEnd(now) };
        }
    }

    public override RateLimitDecision Peek(long now)
    {
        lock (Sync)
        {
            Roll(now);
            return _count < _limit
                ? new RateLimitDecision { Allowed = true, Remaining = _limit - _count, ResetAfter = UntilEnd(now) }
                : new RateLimitDecision { RetryAfter = UntilEnd(now) };
        }
    }

    public override long? IdleSince(long now)
    {
        lock (Sync)
        {
            var end = (_index + 1) * _window - SinceEpoch;
            return _count == 0 ? Created : now >= end ? end : null;
        }
    }

    private TimeSpan UntilEnd(long now) => ToTimeSpan((_index + 1) * _window - SinceEpoch - now);

    private void Roll(long now)
    {
        var index = (now + SinceEpoch) / _window;
        if (index != _index)
        {
            _index = index;
            _count = 0;
        }
    }
}
