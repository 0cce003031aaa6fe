using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// One keep-alive connection to a destination: the socket, a pooled receive buffer holding what was read but not yet
/// consumed, the head buffer its requests are written into, and a cancellation source reused by every request on it
/// (the activity timeout and the client's abort both cancel it; a cancelled connection is never reused).
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    // Large enough that a typical response (head and a body of tens of KiB) arrives in one read and leaves in one send.
    private const int BufferSize = 32 * 1024;
    /// <summary>Quiet ticks that make the activity timeout: it fires after between 8 and 9 ticks of inactivity.</summary>
    private const int QuietTicksToTimeout = 8;
    private static readonly TimeSpan Unbounded = TimeSpan.FromDays(1);
    private readonly Socket _socket;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private readonly TimeProvider _time;
    private ITimer? _watch;
    private TimeSpan _watchPeriod;
    private int _quietTicks;
    private volatile bool _armed;
    private CancellationTokenRegistration _aborted;
    private CancellationToken _abortedToken;
    private ValueTask<int> _readAhead;
    private bool _readingAhead;
    private int _disposed;

    public Http1Connection(Socket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
    }

    public Http1RequestHead Head { get; } = new();

    /// <summary>The response header lines this connection carried last (see <see cref="Http1HeaderLineCache"/>).</summary>
    public Http1HeaderLineCache ResponseHeaders { get; } = new();

    public CancellationTokenSource Cancellation { get; private set; } = new();

    /// <summary>When it went back to the pool (TimeProvider timestamp), for idle expiry.</summary>
    public long IdleSince { get; set; }

    /// <summary>Whether any byte arrived since <see cref="Arm"/>: a stale connection fails before the first one.</summary>
    public bool ReceivedAny { get; private set; }

    /// <summary>The current request's body upload failed by itself (set before it cancels the exchange).</summary>
    public bool UploadFailed { get; set; }

    /// <summary>Response body bytes were written to the client's pipe and not flushed yet (the relay batches them).</summary>
    public bool ClientUnflushed { get; set; }

    /// <summary>Some of the response body went into the client's pipe: a failure from here on cannot become a 502.</summary>
    public bool ClientBodyWritten { get; set; }

    /// <summary>Bytes received and not yet consumed.</summary>
    public ReadOnlySpan<byte> Unread => _buffer.AsSpan(_start, _end - _start);

    public int UnreadCount => _end - _start;

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Starts a request: the activity timeout runs and the client's abort cancels every operation.</summary>
    public void Arm(TimeSpan timeout, CancellationToken aborted)
    {
        ReceivedAny = false;
        UploadFailed = false;
        ClientUnflushed = false;
        ClientBodyWritten = false;
        _quietTicks = 0;
        Watch(timeout < Unbounded ? timeout / QuietTicksToTimeout : Timeout.InfiniteTimeSpan);

        _armed = true;
        _abortedToken = aborted;
        _aborted = aborted.UnsafeRegister(static state => ((Http1Connection)state!).Cancel(), this);
    }

    /// <summary>
    /// The activity timeout is a tick the connection keeps for its whole life, at an eighth of the timeout, counting
    /// the ticks without activity while a request is armed; the ninth aborts the exchange. So a request costs no timer
    /// work and no clock read: <see cref="Touch"/> is one store. (A timer restarted per request, as CancelAfter is,
    /// takes the timer queue's lock twice per request and reads the clock on every touch.) Inactivity ends the exchange
    /// after between the timeout and an eighth more, as coarse as Kestrel's own heartbeat-driven timeouts.
    /// </summary>
    private void Watch(TimeSpan period)
    {
        if (_watch is null)
        {
            if (period != Timeout.InfiniteTimeSpan)
            {
                _watchPeriod = period;
                _watch = _time.CreateTimer(static state => ((Http1Connection)state!).Tick(), this, period, period);
            }
        }
        else if (period != _watchPeriod)
        {
            // Another route with another timeout, or none (the tick stops): rare, so the restart's cost does not matter.
            _watchPeriod = period;
            _watch.Change(period, period);
        }
    }

    private void Tick()
    {
        // Increment, not read-then-write: a Touch in between is never lost (it leaves 0 or 1 behind, never the old count).
        if (_armed && Interlocked.Increment(ref _quietTicks) > QuietTicksToTimeout)
        {
            _armed = false;
            Cancel();
        }
    }

    /// <summary>
    /// Ends the exchange: the client went away, the activity timeout fired, or the forwarder gave up on it (a failed or
    /// abandoned body upload). Every pending operation is cancelled (a write into Kestrel's output that will never drain
    /// included) and the upstream socket closed at once, which also ends the read-ahead an idle connection's request
    /// waits in (it carries no token), and the backend stops sending whatever the exchange is waiting on. The buffers
    /// are returned later, by Dispose. Never reused after this.
    /// </summary>
    public void Cancel()
    {
        try
        {
            Cancellation.Cancel();
            // Closed, not shut down: unread bytes make it a reset, which fails the backend's blocked write at once.
            _socket.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Ends a request; false when it was cancelled (the connection is then not reusable).</summary>
    public bool Disarm()
    {
        // Unregister, not Dispose: Dispose would wait for an abort callback running on another thread. Unregister
        // does not wait either, so a callback already running may still cancel and close this connection: once the
        // client's token is cancelled the connection is never reused, or the abort would land on the next request.
        _armed = false;
        _aborted.Unregister();
        if (_abortedToken.IsCancellationRequested)
        {
            return false;
        }

        return Cancellation.TryReset();
    }

    /// <summary>Activity seen: the timeout starts again (see <see cref="Watch"/>).</summary>
    public void Touch() => _quietTicks = 0;

    /// <summary>
    /// Starts the read an idle connection waits in: the next request's response lands in it, and while the connection
    /// is idle its completing means the backend closed the connection or sent bytes no request asked for. This is how
    /// a pooled connection is checked at no cost per request (no poll syscall), as nginx's keep-alive cache watches its
    /// idle upstream connections with a read event. False when the read completed at once: not reusable.
    /// </summary>
    public bool StartReadAhead()
    {
        _start = _end = 0;
        try
        {
            _readAhead = _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }

        _readingAhead = true;
        return !_readAhead.IsCompleted;
    }

    /// <summary>
    /// An idle connection is usable only while its read-ahead waits: nothing arrived, no close. The read-ahead learns
    /// of a close when an event thread gets to it; <paramref name="verify"/> asks the socket itself as well (one poll
    /// syscall), for a request that could not be sent again if the connection turned out to be closed already.
    /// </summary>
    public bool LooksAlive(bool verify)
    {
        if (!_readingAhead || _readAhead.IsCompleted)
        {
            return false;
        }

        try
        {
            return !verify || !_socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        SendAllAsync(bytes, cancellationToken);

    /// <summary>
    /// Starts reading more into the buffer (compacting or growing it when full, up to <paramref name="limit"/>); what
    /// it read counts once passed to <see cref="Received"/>: <c>connection.Received(await connection.ReceiveAsync(…))</c>.
    /// Not an async method of its own, so a read that waits for the destination costs no state machine box and no
    /// continuation hop: the socket's completion resumes the caller directly. The first read of a reused connection's
    /// exchange is the one its idle time started (into the empty buffer).
    /// </summary>
    public ValueTask<int> ReceiveAsync(int limit, CancellationToken cancellationToken)
    {
        if (_readingAhead)
        {
            _readingAhead = false;
            return _readAhead;
        }

        return TryMakeRoom(limit) ? _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken) : new ValueTask<int>(-1);
    }

    /// <summary>Takes in what <see cref="ReceiveAsync"/> read and returns it: bytes read, 0 at EOF, -1 when the buffer was full at <c>limit</c>.</summary>
    public int Received(int read)
    {
        if (read > 0)
        {
            _end += read;
            ReceivedAny = true;
        }

        return read;
    }

    /// <summary>Room after the unread bytes: compacts or grows a full buffer (up to <paramref name="limit"/>); false when it cannot.</summary>
    private bool TryMakeRoom(int limit)
    {
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            else if (_buffer.Length < limit)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, _buffer.Length * 2));
                _buffer.AsSpan(0, _end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
            bytes = bytes[sent..];
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _aborted.Unregister();
        _watch?.Dispose();
        _socket.Dispose();
        Cancellation.Dispose();
        Head.Dispose();
        var buffer = _buffer;
        _buffer = [];
        if (!_readingAhead || _readAhead.IsCompleted)
        {
            // A read-ahead still pending may be filling the buffer on an event thread right now: that one is left to
            // the GC rather than handed to another renter.
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
