namespace Fulcrum.Gateway.RateLimiting.Local;

/// <summary>
/// A bucket of <c>burst</c> tokens, refilled continuously at limit / period: a client may spend the whole bucket at
/// once, then gets one request per period / limit. Starts full.
/// </summary>
internal sealed class TokenBucketLimiter : ClockedRateLimiter
{
    /// <summary>Absorbs floating-point dust, so 9.9999999999 tokens count as the 10 they are.</summary>
    private const double Epsilon = 1e-9;

    private readonly double _capacity;
    private readonly double _tokensPerTick;
    private double _tokens;
    private long _updated;

    public TokenBucketLimiter(int limit, TimeSpan period, int burst, TimeProvider time)
        : base(time, period)
    {
        _capacity = burst;
        _tokensPerTick = limit / (double)ToTicks(period);
        _tokens = burst;
        _updated = Created;
    }

    public override RateLimitDecision TryAcquire(long now, int permits)
    {
        lock (Sync)
        {
            Refill(now);
            var needed = Math.Max(permits, 1);
            if (_tokens + Epsilon < needed)
            {
                return new RateLimitDecision
                {
                    Remaining = Remaining(),
                    RetryAfter = ToTimeSpan((needed - _tokens) / _tokensPerTick),
                };
            }

            _tokens = Math.Max(0, _tokens - permits);
            return Admitted();
        }
    }

    public override RateLimitDecision Peek(long now)
    {
        lock (Sync)
        {
            Refill(now);
            return _tokens + Epsilon >= 1
                ? Admitted()
                : new RateLimitDecision { RetryAfter = ToTimeSpan((1 - _tokens) / _tokensPerTick) };
        }
    }

    public override long? IdleSince(long now)
    {
        lock (Sync)
        {
            var full = _updated + (long)Math.Ceiling((_capacity - _tokens) / _tokensPerTick);
            return now >= full ? full : null;
        }
    }

    private RateLimitDecision Admitted() => new()
    {
        Allowed = true,
        Remaining = Remaining(),
        ResetAfter = ToTimeSpan((_capacity - _tokens) / _tokensPerTick),
    };

    private long Remaining() => (long)Math.Floor(_tokens + Epsilon);

    private void Refill(long now)
    {
        if (now > _updated)
        {
            _tokens = Math.Min(_capacity, _tokens + (now - _updated) * _tokensPerTick);
            _updated = now;
        }
    }
}
