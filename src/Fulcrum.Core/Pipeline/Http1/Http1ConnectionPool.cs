using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// A destination's idle keep-alive connections for the lean HTTP/1.1 path. Last in, first out (the warmest
/// connection serves next, the coldest age out), bounded by <see cref="Http1PoolSettings.MaxIdle"/>, expired by one
/// periodic sweep. With <c>maxConnectionsPerDestination</c> set, a request waits for a slot as SocketsHttpHandler's
/// requests do, for no longer than its request timeout. Lives with the destination's state, so a reload keeps it.
/// <see cref="Retire"/>d, not disposed, when the destination's address or connection settings change or the
/// destination goes away: requests that still hold a retired pool connect and finish on it as if nothing happened, but
/// it keeps no idle connection (each is closed when it comes back) and has no sweep timer, so once those requests end
/// nothing of it is left.
/// </summary>
internal sealed class Http1ConnectionPool
{
    private readonly ConcurrentStack<Http1Connection> _idle = new();
    private readonly SemaphoreSlim? _slots;
    private readonly TimeProvider _time;
    private readonly ITimer? _sweep;
    private int _idleCount;
    private volatile bool _retired;

    /// <param name="slots">
    /// The connection slots of the pool this one replaces (<see cref="SlotsFor"/>), so a reload's overlap of old and new
    /// pool never lets more than <c>maxConnectionsPerDestination</c> connections be open; null makes new ones.
    /// </param>
    public Http1ConnectionPool(EndPoint endPoint, Http1PoolSettings settings, TimeProvider time, SemaphoreSlim? slots = null)
        : this(endPoint, settings, time, slots, retired: false)
    {
    }

    private Http1ConnectionPool(EndPoint endPoint, Http1PoolSettings settings, TimeProvider time, SemaphoreSlim? slots, bool retired)
    {
        EndPoint = endPoint;
        Settings = settings;
        _time = time;
        _slots = settings.MaxConnections > 0 ? slots ?? new SemaphoreSlim(settings.MaxConnections, settings.MaxConnections) : null;
        _retired = retired;
        if (retired)
        {
            return;
        }

        var period = TimeSpan.FromTicks(Math.Clamp(settings.IdleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(15).Ticks));
        _sweep = time.CreateTimer(static state => ((Http1ConnectionPool)state!).Sweep(), this, period, period);
    }

    /// <summary>A pool retired from the start (no timer, nothing kept): for a destination closed or off the lean path.</summary>
    public static Http1ConnectionPool CreateRetired(EndPoint endPoint, Http1PoolSettings settings, TimeProvider time, SemaphoreSlim? slots = null) =>
        new(endPoint, settings, time, slots, retired: true);

    /// <summary>
    /// This pool's slots, for the pool that replaces it, when the connection limit is the same (a semaphore cannot be
    /// resized: a reload that changes the limit itself starts counting afresh, and for that overlap the old and the
    /// new limit both apply, each to its own pool).
    /// </summary>
    public SemaphoreSlim? SlotsFor(Http1PoolSettings settings) => settings.MaxConnections == Settings.MaxConnections ? _slots : null;

    public EndPoint EndPoint { get; }

    public Http1PoolSettings Settings { get; }

    /// <summary>Retired: still connects, keeps nothing idle.</summary>
    public bool IsRetired => _retired;

    /// <summary>Connections opened so far (tests count reuse with it).</summary>
    public long Opened => Interlocked.Read(ref _opened);

    private long _opened;

    /// <summary>
    /// Takes a slot, waiting at most <paramref name="timeout"/> when the destination is at its connection limit (as
    /// SocketsHttpHandler's wait for a connection is bounded by the request's timeout); false when none came free in
    /// time. Every true is paired with <see cref="Release"/>. A free slot is taken synchronously, without allocating.
    /// </summary>
    public ValueTask<bool> AcquireAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_slots is null)
        {
            return new ValueTask<bool>(true);
        }

        // SemaphoreSlim takes whole milliseconds up to int.MaxValue (24.8 days); longer is as good as no limit.
        var milliseconds = timeout.TotalMilliseconds >= int.MaxValue ? Timeout.Infinite : (int)Math.Ceiling(timeout.TotalMilliseconds);
        var waiting = _slots.WaitAsync(milliseconds, cancellationToken);
        return waiting.IsCompletedSuccessfully ? new ValueTask<bool>(waiting.Result) : new ValueTask<bool>(waiting);
    }

    /// <summary>An idle connection that still looks usable (<see cref="Http1Connection.LooksAlive"/>), or null.</summary>
    public Http1Connection? TryRentIdle(bool verify)
    {
        var now = _time.GetTimestamp();
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            if (IsFresh(connection, now, verify))
            {
                return connection;
            }

            connection.Dispose();
        }

        return null;
    }

    /// <summary>An idle connection within its idle timeout and still looking usable: what rent and sweep keep.</summary>
    private bool IsFresh(Http1Connection connection, long now, bool verify) =>
        _time.GetElapsedTime(connection.IdleSince, now) < Settings.IdleTimeout && connection.LooksAlive(verify);

    /// <summary>Whether this pool is the one for that address and those settings (no allocation: called per request).</summary>
    public bool Serves(EndPoint endPoint, Http1PoolSettings settings) =>
        (ReferenceEquals(Settings, settings) || Settings == settings) && (ReferenceEquals(EndPoint, endPoint) || EndPoint.Equals(endPoint));

    /// <summary>A new connection; a retired pool still makes them, for the requests that hold it.</summary>
    public async ValueTask<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(EndPoint, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"connecting to {EndPoint} took longer than the connect timeout ({Settings.ConnectTimeout.TotalMilliseconds:0} ms)");
            }

            Interlocked.Increment(ref _opened);
            return new Http1Connection(socket, _time);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Ends a request's use of a connection (null when none was obtained) and frees its slot.</summary>
    public void Release(Http1Connection? connection, bool reusable)
    {
        if (connection is not null)
        {
            var pooled = reusable && !_retired;
            if (pooled && Interlocked.Increment(ref _idleCount) <= Settings.MaxIdle && connection.StartReadAhead())
            {
                connection.IdleSince = _time.GetTimestamp();
                _idle.Push(connection);
                if (_retired)
                {
                    // Retired while it was being pushed: Retire's drain may have run before the push.
                    DrainIdle();
                }
            }
            else
            {
                if (pooled)
                {
                    Interlocked.Decrement(ref _idleCount);
                }

                connection.Dispose();
            }
        }

        _slots?.Release();
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        var count = _idle.Count;
        if (count == 0)
        {
            return;
        }

        // Take them all and put back, oldest first, the ones still fresh: the stack keeps its order.
        var taken = new Http1Connection[count];
        var popped = _idle.TryPopRange(taken);
        for (var i = popped - 1; i >= 0; i--)
        {
            var connection = taken[i];
            if (IsFresh(connection, now, verify: false) && !_retired)
            {
                _idle.Push(connection);
            }
            else
            {
                Interlocked.Decrement(ref _idleCount);
                connection.Dispose();
            }
        }

        if (_retired)
        {
            // Retired during the sweep: what it put back after Retire's drain goes now.
            DrainIdle();
        }
    }

    private void DrainIdle()
    {
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }

    /// <summary>
    /// Stops keeping connections: the idle ones are closed now, those in use when they come back; the sweep stops.
    /// Connecting and slots keep working for the requests that still hold this pool. Idempotent, thread-safe.
    /// </summary>
    public void Retire()
    {
        _retired = true;
        _sweep?.Dispose();
        DrainIdle();
    }
}
