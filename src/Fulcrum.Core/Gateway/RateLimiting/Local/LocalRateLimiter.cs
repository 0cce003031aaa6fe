using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.RateLimiting.Local;

/// <summary>
/// A policy's limits counted in this process: one limiter per partition key, created on a key's first request.
/// A sweep every <see cref="SweepInterval"/> frees partitions that have been as good as new (nothing counted, no
/// permit held) for the idle timeout, so keys that stop coming cost nothing, and the table never holds more than
/// its maximum: past it, new keys share one overflow partition until the sweep makes room.
/// Thread-safety: lookups are lock-free; a partition is removed only after the sweep has swapped its user count
/// from 0 to retired, so a request never takes a permit from a limiter that is being thrown away.
/// </summary>
internal sealed class LocalRateLimiter : IAsyncDisposable
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    public const int DefaultMaxPartitions = 500_000;

    /// <summary>A 429 from a concurrency limit has no clock to read; a second is a fair hint.</summary>
    private static readonly TimeSpan ConcurrencyRetryAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<PartitionKey, Partition> _partitions = new();
    private readonly RateLimitModel _model;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _idleTimeout;
    private readonly int _maxPartitions;
    private readonly ConcurrencyLimiterOptions? _concurrency;
    private readonly Partition _overflow;
    private readonly ITimer _sweep;
    private readonly ThrottledLog _overflowLog;
    private int _count;
    private int _sweeping;

    public LocalRateLimiter(RateLimitModel model, TimeProvider time, ILogger logger)
        : this(model, time, logger, DefaultIdleTimeout, DefaultMaxPartitions)
    {
    }

    internal LocalRateLimiter(RateLimitModel model, TimeProvider time, ILogger logger, TimeSpan idleTimeout, int maxPartitions)
    {
        _model = model;
        _time = time;
        _logger = logger;
        _idleTimeout = idleTimeout;
        _maxPartitions = maxPartitions;
        _overflowLog = new ThrottledLog(time);
        if (model.Algorithm == RateLimitAlgorithm.Concurrency)
        {
            _concurrency = new ConcurrencyLimiterOptions { PermitLimit = model.Limit, QueueLimit = 0 };
        }

        _overflow = new Partition(NewLimiter());
        _sweep = time.CreateTimer(static state => ((LocalRateLimiter)state!).Sweep(), this, SweepInterval, SweepInterval);
    }

    /// <summary>Partitions held now (the overflow partition not counted).</summary>
    public int PartitionCount => Volatile.Read(ref _count);

    public RateLimitDecision Acquire(in PartitionKey key)
    {
        var partition = Enter(key);
        try
        {
            if (partition.Limiter is ClockedRateLimiter clocked)
            {
                return clocked.TryAcquire(_time.GetTimestamp(), 1);
            }

            var lease = partition.Limiter.AttemptAcquire(1);
            if (lease.IsAcquired)
            {
                return new RateLimitDecision { Allowed = true, Permit = lease };
            }

            lease.Dispose();
            return new RateLimitDecision { RetryAfter = ConcurrencyRetryAfter };
        }
        finally
        {
            Interlocked.Decrement(ref partition.Users);
        }
    }

    /// <summary>The partition's state now, for the headers of an allowed response; false if it is gone.</summary>
    public bool TryPeek(in PartitionKey key, out RateLimitDecision state)
    {
        if (!_partitions.TryGetValue(key, out var partition) && PartitionCount < _maxPartitions)
        {
            state = default;
            return false;
        }

        partition ??= _overflow;
        if (partition.Limiter is ClockedRateLimiter clocked)
        {
            state = clocked.Peek(_time.GetTimestamp());
            return true;
        }

        var available = partition.Limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;
        state = new RateLimitDecision { Allowed = available > 0, Remaining = available, RetryAfter = ConcurrencyRetryAfter };
        return true;
    }

    /// <summary>Frees the partitions idle for the idle timeout. Runs on the sweep timer; tests call it directly.</summary>
    internal void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            foreach (var (key, partition) in _partitions)
            {
                if (!IsIdle(partition.Limiter, now) || Interlocked.CompareExchange(ref partition.Users, int.MinValue, 0) != 0)
                {
                    continue;
                }

                // Retired: no request can enter now. One may have come and gone since the first look, so look again.
                // The limiter is not disposed: it holds nothing but memory, and a response still being written may
                // read it for its headers.
                if (IsIdle(partition.Limiter, now) && _partitions.TryRemove(new KeyValuePair<PartitionKey, Partition>(key, partition)))
                {
                    Interlocked.Decrement(ref _count);
                }
                else
                {
                    Interlocked.Add(ref partition.Users, int.MinValue);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    /// <summary>
    /// Stops the sweep. Limiters are left to the garbage collector rather than disposed: requests that started on
    /// the previous configuration may still use them (and a disposed limiter throws).
    /// </summary>
    public ValueTask DisposeAsync() => _sweep.DisposeAsync();

    private Partition Enter(in PartitionKey key)
    {
        var spin = new SpinWait();
        while (true)
        {
            if (!_partitions.TryGetValue(key, out var partition))
            {
                if (Volatile.Read(ref _count) >= _maxPartitions)
                {
                    RateLimitLog.PartitionsFull(_overflowLog, _logger, _model.Name, _maxPartitions);
                    partition = _overflow;
                }
                else
                {
                    var created = new Partition(NewLimiter());
                    if (!_partitions.TryAdd(key, created))
                    {
                        continue;
                    }

                    Interlocked.Increment(ref _count);
                    partition = created;
                }
            }

            if (Interlocked.Increment(ref partition.Users) > 0)
            {
                return partition;
            }

            // The sweep is removing this partition: wait for it to go, then make a new one.
            Interlocked.Decrement(ref partition.Users);
            spin.SpinOnce();
        }
    }

    private bool IsIdle(RateLimiter limiter, long now)
    {
        if (limiter is ClockedRateLimiter clocked)
        {
            return clocked.IdleSince(now) is { } since && _time.GetElapsedTime(since, now) >= _idleTimeout;
        }

        return limiter.IdleDuration >= _idleTimeout;
    }

    private RateLimiter NewLimiter() => _model.Algorithm switch
    {
        RateLimitAlgorithm.TokenBucket => new TokenBucketLimiter(_model.Limit, _model.Period, _model.Burst, _time),
        RateLimitAlgorithm.FixedWindow => new FixedWindowLimiter(_model.Limit, _model.Period, _time),
        RateLimitAlgorithm.SlidingWindow => new SlidingWindowLimiter(_model.Limit, _model.Period, _model.Segments, _time),
        _ => new ConcurrencyLimiter(_concurrency!),
    };
}
