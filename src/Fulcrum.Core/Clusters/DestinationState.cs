using Fulcrum.Health;
using Fulcrum.Observability;
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
    private volatile bool _http1Closed;

    public DestinationState(string name, DestinationModel model)
    {
        Name = name;
        _model = model;
    }

    public string Name { get; }

    public DestinationModel Model
    {
        get => _model;
        set
        {
            _model = value;
            if (!TakesLeanPath(value))
            {
                // A reload took the destination off the lean path (its cluster now speaks HTTP/2 or TLS upstream): no
                // request will ask for the pool again, so it would keep its idle connections and its sweep timer for
                // as long as the destination lives. Requests that still hold it finish on it.
                Interlocked.Exchange(ref _http1Pool, null)?.Retire();
            }
        }
    }

    public DestinationHealth Health { get; } = new();

    /// <summary>The requests it served, by route and status class (the <c>fulcrum.requests</c> metric).</summary>
    public RequestCounts RequestCounts { get; } = new();

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
    /// The lean HTTP/1.1 path's pool of idle connections to this destination, made on first use. It follows the
    /// destination's current <see cref="Model"/> (its <see cref="DestinationModel.EndPoint"/> and
    /// <see cref="DestinationModel.Http1"/> settings), not the caller's snapshot: a reload that changes the address or
    /// the cluster's <c>http</c> settings makes one new pool, on the first request after the swap, and requests still
    /// on the older snapshot are given that same pool, so while both snapshots serve the pool is never rebuilt back and
    /// forth. The pool it replaces is retired, not disposed: the requests holding it still connect and finish on it, but
    /// it keeps no idle connection. <paramref name="requested"/> (the caller's snapshot's settings) is used only when the
    /// current model has none (a reload took the cluster off the lean path while this request was on it).
    /// Once the destination is closed (<see cref="CloseHttp1Pool"/>), a request still running on an older snapshot (a
    /// retry, say) gets a pool retired from the start: it connects, and its connection is closed when released, so
    /// nothing outlives the destination.
    /// Thread-safety: lock-free; two requests racing to replace the pool agree on one (the loser's is retired at once).
    /// </summary>
    public Http1ConnectionPool Http1Pool(Http1PoolSettings requested, TimeProvider time)
    {
        var pool = Volatile.Read(ref _http1Pool);
        var model = Model;
        var settings = model.Http1 ?? requested;
        return pool is not null && pool.Serves(model.EndPoint, settings) ? pool : ReplaceHttp1Pool(pool, model, settings, time);
    }

    private static bool TakesLeanPath(DestinationModel model) => model.Http1 is not null && model.IsCleartextHttp;

    private Http1ConnectionPool ReplaceHttp1Pool(Http1ConnectionPool? pool, DestinationModel model, Http1PoolSettings settings, TimeProvider time)
    {
        var endPoint = model.EndPoint;
        if (_http1Closed || !TakesLeanPath(model))
        {
            // Closed, or off the lean path since this request's snapshot: a pool for this request alone, kept by no one.
            return Http1ConnectionPool.CreateRetired(endPoint, settings, time, pool?.SlotsFor(settings));
        }

        // The connection limit is the destination's, not a pool's: the new pool takes over the slots of the one it
        // replaces (when the limit is unchanged), so requests still on the old pool count against it.
        var created = new Http1ConnectionPool(endPoint, settings, time, pool?.SlotsFor(settings));
        var previous = Interlocked.CompareExchange(ref _http1Pool, created, pool);
        if (previous != pool)
        {
            // Another request replaced it first: use theirs (or, if that was the close, this one retired).
            created.Retire();
            return previous ?? created;
        }

        pool?.Retire();
        if (_http1Closed || !TakesLeanPath(Model))
        {
            // Closed, or taken off the lean path, while this one was being installed: the close (or the model's
            // setter) may have taken the pool before the swap, so this one is taken out and retired here. (The flag
            // or model is written before the pool is taken, and both sides use full fences: one sees the other.)
            Interlocked.CompareExchange(ref _http1Pool, null, created);
            created.Retire();
        }

        return created;
    }

    /// <summary>The lean path's pool as it is now (null until a request used it), for the state API and tests.</summary>
    public Http1ConnectionPool? CurrentHttp1Pool => Volatile.Read(ref _http1Pool);

    /// <summary>
    /// The destination left the config (or the gateway stops): its idle connections are closed, those in use when they
    /// come back, and from now on it hands out only retired pools (a removed destination's state is never reused).
    /// </summary>
    public void CloseHttp1Pool()
    {
        _http1Closed = true;
        Interlocked.Exchange(ref _http1Pool, null)?.Retire();
    }

    public override string ToString() => Name;
}
