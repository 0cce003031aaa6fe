namespace Fulcrum.Tests.Gateway.RateLimiting;

/// <summary>A clock that moves only when a test says so; timers fire, on the test's thread, as it passes their due time.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset? utcAtStart = null) : TimeProvider
{
    private static readonly long Origin = TimeSpan.FromDays(1).Ticks;
    private readonly DateTimeOffset _utcAtStart = utcAtStart ?? new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly List<ManualTimer> _timers = [];
    private long _ticks = Origin;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    /// <summary>The wall clock reads <c>utcAtStart</c> when the timestamp is at its origin, and moves with it.</summary>
    public override DateTimeOffset GetUtcNow() => _utcAtStart.AddTicks(GetTimestamp() - Origin);

    public void Advance(TimeSpan by)
    {
        var target = GetTimestamp() + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (_timers)
            {
                next = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
            }

            if (next is null)
            {
                break;
            }

            Interlocked.Exchange(ref _ticks, Math.Max(GetTimestamp(), next.Due));
            next.Fire();
        }

        Interlocked.Exchange(ref _ticks, target);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long Due { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._timers)
            {
                owner._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = owner.GetTimestamp() + dueTime.Ticks;
                    _period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                    owner._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire()
        {
            lock (owner._timers)
            {
                owner._timers.Remove(this);
                if (_period > 0)
                {
                    Due += _period;
                    owner._timers.Add(this);
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._timers)
            {
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
