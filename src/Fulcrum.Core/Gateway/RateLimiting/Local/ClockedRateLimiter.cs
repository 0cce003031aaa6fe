using System.Threading.RateLimiting;

namespace Fulcrum.Gateway.RateLimiting.Local;

/// <summary>
/// A System.Threading.RateLimiting limiter that reads a <see cref="TimeProvider"/> instead of running a timer: its
/// state is brought up to date whenever it is read. The framework's own time-based limiters replenish from a timer
/// (or a 100 ms heartbeat over every partition), read <c>Stopwatch</c> directly, and report statistics only as a
/// new object; these cost nothing while unused, let tests move time by hand, answer <c>Remaining</c> and the time
/// to reset without allocating, and use the same arithmetic as the Redis scripts, so a limit behaves the same in
/// either scope. There is no queue: a gateway answers 429 rather than holding requests.
/// Thread-safety: all state is read and changed under <see cref="Sync"/>.
/// </summary>
internal abstract class ClockedRateLimiter : ReplenishingRateLimiter
{
    private static readonly RateLimitLease Acquired = new ClockedLease(true, null);
    private readonly TimeProvider _time;

    protected ClockedRateLimiter(TimeProvider time, TimeSpan period)
    {
        _time = time;
        Period = period;
        Created = time.GetTimestamp();
        SinceEpoch = ToTicks(time.GetUtcNow() - DateTimeOffset.UnixEpoch) - Created;
    }

    /// <summary>Guards every field of the derived class.</summary>
    protected Lock Sync { get; } = new();

    /// <summary>Timestamp of creation: a limiter never used since is idle from then.</summary>
    protected long Created { get; }

    protected TimeSpan Period { get; }

    /// <summary>
    /// Timestamp ticks from the Unix epoch to the clock's origin. Windows are counted from the epoch, as the Redis
    /// scripts count them, so a limit turns over at the same moments in either scope (a 1d window at midnight
    /// UTC); the clock itself stays monotonic, whatever the wall clock does later.
    /// </summary>
    protected long SinceEpoch { get; }

    public override TimeSpan ReplenishmentPeriod => Period;

    /// <summary>Replenishes by itself, from the clock, so <see cref="TryReplenish"/> has nothing to do.</summary>
    public override bool IsAutoReplenishing => true;

    public override TimeSpan? IdleDuration
    {
        get
        {
            var now = _time.GetTimestamp();
            return IdleSince(now) is { } since ? _time.GetElapsedTime(since, now) : null;
        }
    }

    /// <summary>Takes <paramref name="permits"/> (0 only asks whether one is left) at timestamp <paramref name="now"/>.</summary>
    public abstract RateLimitDecision TryAcquire(long now, int permits);

    /// <summary>The state at <paramref name="now"/> without taking anything; <c>Allowed</c> when a request would pass.</summary>
    public abstract RateLimitDecision Peek(long now);

    /// <summary>The timestamp since which the limiter is as if new (nothing counted), or null if it is not.</summary>
    public abstract long? IdleSince(long now);

    public override bool TryReplenish() => false;

    public override RateLimiterStatistics? GetStatistics() =>
        new() { CurrentAvailablePermits = Peek(_time.GetTimestamp()).Remaining };

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var decision = TryAcquire(_time.GetTimestamp(), permitCount);
        return decision.Allowed ? Acquired : new ClockedLease(false, decision.RetryAfter);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        new(AttemptAcquireCore(permitCount));

    /// <summary>Timestamp ticks to a duration.</summary>
    protected TimeSpan ToTimeSpan(double ticks) =>
        ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(ticks * TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    /// <summary>A duration in timestamp ticks, at least one.</summary>
    protected long ToTicks(TimeSpan value) =>
        Math.Max(1, (long)Math.Round(value.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));

    private sealed class ClockedLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        private static readonly string[] Names = [MetadataName.RetryAfter.Name];

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : Names;

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } value && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = value;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
