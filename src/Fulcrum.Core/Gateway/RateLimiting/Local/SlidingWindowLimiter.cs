namespace Fulcrum.Gateway.RateLimiting.Local;

/// <summary>
/// At most limit requests in the last period, counted in <c>segments</c> slots of period / segments each: when a
/// slot leaves the window its requests are given back. Smooths the fixed window's boundary burst at the cost of
/// one counter per segment.
/// </summary>
internal sealed class SlidingWindowLimiter : ClockedRateLimiter
{
    private readonly int _limit;
    private readonly long _segment;
    private readonly int[] _counts;
    private long _current;
    private long _lastAdmitted = long.MinValue;
    private int _total;

    public SlidingWindowLimiter(int limit, TimeSpan period, int segments, TimeProvider time)
        : base(time, period)
    {
        _limit = limit;
        _counts = new int[segments];
        _segment = Math.Max(1, ToTicks(period) / segments);
        _current = (Created + SinceEpoch) / _segment;
    }

    public override RateLimitDecision TryAcquire(long now, int permits)
    {
        lock (Sync)
        {
            Advance(now);
            if (_total + Math.Max(permits, 1) > _limit)
            {
                return new RateLimitDecision { Remaining = _limit - _total, RetryAfter = UntilFreed(now, _total + Math.Max(permits, 1) - _limit) };
            }

            if (permits > 0)
            {
                _counts[Slot(_current)] += permits;
                _total += permits;
                _lastAdmitted = _current;
            }

            return Admitted(now);
        }
    }

    public override RateLimitDecision Peek(long now)
    {
        lock (Sync)
        {
            Advance(now);
            return _total < _limit ? Admitted(now) : new RateLimitDecision { RetryAfter = UntilFreed(now, _total + 1 - _limit) };
        }
    }

    public override long? IdleSince(long now)
    {
        lock (Sync)
        {
            if (_lastAdmitted == long.MinValue)
            {
                return Created;
            }

            var emptied = (_lastAdmitted + _counts.Length) * _segment - SinceEpoch;
            return now >= emptied ? emptied : null;
        }
    }

    private RateLimitDecision Admitted(long now) => new()
    {
        Allowed = true,
        Remaining = _limit - _total,
        ResetAfter = _lastAdmitted == long.MinValue ? TimeSpan.Zero : ToTimeSpan((_lastAdmitted + _counts.Length) * _segment - SinceEpoch - now),
    };

    /// <summary>Time until the oldest slots have given back <paramref name="needed"/> requests.</summary>
    private TimeSpan UntilFreed(long now, int needed)
    {
        var freed = 0;
        for (var segment = _current - _counts.Length + 1; segment <= _current; segment++)
        {
            freed += _counts[Slot(segment)];
            if (freed >= needed)
            {
                return ToTimeSpan((segment + _counts.Length) * _segment - SinceEpoch - now);
            }
        }

        return ToTimeSpan(_counts.Length * _segment);
    }

    /// <summary>Moves the window to <paramref name="now"/>, emptying the slots that left it.</summary>
    private void Advance(long now)
    {
        var segment = (now + SinceEpoch) / _segment;
        if (segment <= _current)
        {
            return;
        }

        var steps = Math.Min(segment - _current, _counts.Length);
        for (var i = 1; i <= steps; i++)
        {
            var slot = Slot(_current + i);
            _total -= _counts[slot];
            _counts[slot] = 0;
        }

        _current = segment;
    }

    private int Slot(long segment) => (int)(((segment % _counts.Length) + _counts.Length) % _counts.Length);
}
