using Fulcrum.Health;
using Fulcrum.Pipeline.Http1;

namespace Fulcrum.Clusters;

/// <summary>
/// One backend's long-lived identity: kept by name across reloads so that health and counters survive.
/// Thread-safety: counters use Interlocked; <see cref="Model"/> is swapped whole by the reload applier.
/// </summary>
internal sealed class DestinationState
{
    private volatile DestinationModel _model;
    private int _inFlight;
    private long _requests;
    private long _failures;
    private volatile bool _draining;
    private long _latencyEwmaTicks;
    private Http1ConnectionPool? _http1Pool;

    public DestinationState(string name, DestinationModel model)
    {
        Name = name;
        _model = model;
    }

    public string Name { get; }

    public DestinationModel Model
    {
        get => _model;
        set => _model = value;
    }

    public DestinationHealth Health { get; } = new();

    /// <summary>
    /// A draining destination gets no new requests or connections; those in flight finish. Set by an operator
    /// (admin API), kept across reloads with the rest of the state.
    /// </summary>
    public bool Draining
    {
        get => _draining;
        set => _draining = value;
    }

    /// <summary>Moving average of upstream latency (weight 1/16 per request), for the dashboard and state API.</summary>
    public TimeSpan AverageLatency => TimeSpan.FromTicks(Interlocked.Read(ref _latencyEwmaTicks));

    /// <summary>Requests (or connections) now being served by this destination.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    public void RequestStarted()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    /// <summary>A UDP session ended: it leaves the in-flight count and says nothing about latency.</summary>
    public void SessionEnded() => Interlocked.Decrement(ref _inFlight);

    public void RequestEnded(bool failed, TimeSpan elapsed)
    {
        Interlocked.Decrement(ref _inFlight);
        if (failed)
        {
            Interlocked.Increment(ref _failures);
        }

        // A lost update under contention only costs one sample of a moving average; no lock is worth it.
        var current = Interlocked.Read(ref _latencyEwmaTicks);
        var next = current == 0 ? elapsed.Ticks : current + ((elapsed.Ticks - current) >> 4);
        Interlocked.Exchange(ref _latencyEwmaTicks, next);
    }

    /// <summary>
    /// The lean HTTP/1.1 path's idle connections to this destination, made on first use and again when the address
    /// or the cluster's connection settings change (the old pool's connections are closed as they come back).
    /// </summary>
    public Http1ConnectionPool Http1Pool(Http1PoolSettings settings, TimeProvider time)
    {
        var pool = Volatile.Read(ref _http1Pool);
        var endPoint = Model.EndPoint;
        if (pool is not null && (ReferenceEquals(pool.Settings, settings) || pool.Settings == settings)
            && (ReferenceEquals(pool.EndPoint, endPoint) || pool.EndPoint.Equals(endPoint)))
        {
            return pool;
        }

        var created = new Http1ConnectionPool(endPoint, settings, time);
        var previous = Interlocked.CompareExchange(ref _http1Pool, created, pool);
        if (previous != pool)
        {
            // Another request replaced it first: use theirs.
            created.Dispose();
            return previous!;
        }

        pool?.Dispose();
        return created;
    }

    /// <summary>The lean path's pool as it is now (null until a request used it), for the state API and tests.</summary>
    public Http1ConnectionPool? CurrentHttp1Pool => Volatile.Read(ref _http1Pool);

    /// <summary>The destination left the config (or the gateway stops): its idle connections are closed.</summary>
    public void CloseHttp1Pool() => Interlocked.Exchange(ref _http1Pool, null)?.Dispose();

    public override string ToString() => Name;
}
