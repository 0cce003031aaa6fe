using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A raw-socket HTTP/1.1 backend on 127.0.0.1 that records exactly the bytes it received, per connection, and
/// parses them itself (request line, header lines as written, Content-Length or chunked body), so nothing between
/// the gateway and the assertion normalises what arrived: smuggling, header-injection and hop-by-hop tests assert
/// on <see cref="Requests"/> and <see cref="ReceivedText"/>. It is also the chaos backend: <see cref="Chaos"/>
/// (switchable at any time) makes it hang, trickle, reset, close early or lie about Content-Length. Answers are
/// <see cref="Reply"/>'s, or 200 with the backend's name; a 101 turns the connection into a recorded tunnel.
/// <see cref="StopAsync"/> resets every connection and closes the port, as a killed process would;
/// <see cref="RestartAsync"/> listens again on the same port.
/// </summary>
public sealed class SpyBackend : IAsyncDisposable
{
    private const int MaxHeadBytes = 256 * 1024;
    private readonly ConcurrentDictionary<int, Connection> _connections = new();
    private readonly ConcurrentQueue<SpyRequest> _requests = new();
    private Socket? _listener;
    private CancellationTokenSource? _stopping;
    private Task? _accepting;
    private int _accepted;
    private int _open;
    private int _pending;
    private int _peakOpen;

    private SpyBackend(string name) => Name = name;

    public string Name { get; }

    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}";

    /// <summary>How the next answers misbehave; <see cref="ChaosMode.None"/> for well-formed ones.</summary>
    public volatile ChaosMode Chaos;

    /// <summary>The scripted answer to a request; null answers 200 with <see cref="Name"/> as the body.</summary>
    public volatile Func<SpyRequest, SpyReply>? Reply;

    /// <summary>
    /// When set, each request waits for the task this returns before it is answered (a gate a test opens, as Envoy's
    /// hand-off test holds a slow upstream); requests it returns a completed task for are answered at once.
    /// </summary>
    public volatile Func<SpyRequest, Task>? Hold;

    /// <summary>Pace of <see cref="ChaosMode.Trickle"/>: one body byte per interval.</summary>
    public TimeSpan TrickleInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Body length of <see cref="ChaosMode.Trickle"/> answers.</summary>
    public int TrickleBytes { get; set; } = 20;

    /// <summary>Every request parsed so far, in arrival order.</summary>
    public IReadOnlyList<SpyRequest> Requests => [.. _requests];

    public int RequestCount => _requests.Count;

    /// <summary>Connections accepted since start (or since <see cref="ResetCounters"/>).</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Connections open right now; what a leak would grow.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>
    /// Requests received and not yet answered (a hanging backend holds them until the gateway gives up). Unlike
    /// <see cref="OpenConnections"/> this leaves out idle connections the gateway keeps pooled.
    /// </summary>
    public int PendingRequests => Volatile.Read(ref _pending);

    /// <summary>The most connections open at once since start (or <see cref="ResetCounters"/>): upstream concurrency.</summary>
    public int PeakOpenConnections => Volatile.Read(ref _peakOpen);

    /// <summary>Everything received on every connection still recorded, as Latin-1 (one char per byte), connection by connection.</summary>
    public string ReceivedText => string.Join("", _connections.OrderBy(c => c.Key).Select(c => c.Value.ReceivedText));

    /// <summary>Bytes received after a 101 answer, on every connection: what passed through a tunnel.</summary>
    public string TunnelText => string.Join("", _connections.OrderBy(c => c.Key).Select(c => c.Value.TunnelText));

    public static async Task<SpyBackend> StartAsync(string name = "spy", ChaosMode chaos = ChaosMode.None)
    {
        var backend = new SpyBackend(name) { Chaos = chaos };
        await backend.ListenAsync(0);
        return backend;
    }

    /// <summary>Listens again on the same port after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync() => ListenAsync(Port);

    public void ResetCounters()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _accepted, 0);
        Interlocked.Exchange(ref _peakOpen, OpenConnections);
        foreach (var (id, connection) in _connections)
        {
            if (connection.Closed)
            {
                _connections.TryRemove(id, out _);
            }
        }
    }

    private Task ListenAsync(int port)
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException($"{Name} is already listening");
        }

        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _listener = listener;
        _stopping = new CancellationTokenSource();
        var stopping = _stopping.Token;
        _accepting = Task.Run(() => AcceptAsync(listener, stopping));
        return Task.CompletedTask;
    }

    private Task AcceptAsync(Socket listener, CancellationToken stopping) => AcceptLoop.RunAsync(listener, socket =>
    {
        socket.NoDelay = true;
        var id = Interlocked.Increment(ref _accepted);
        var open = Interlocked.Increment(ref _open);
        int peak;
        while (open > (peak = Volatile.Read(ref _peakOpen)) && Interlocked.CompareExchange(ref _peakOpen, open, peak) != peak)
        {
        }

        var connection = new Connection(id, socket);
        _connections[id] = connection;
        _ = Task.Run(() => ServeAsync(connection, stopping), CancellationToken.None);
    }, stopping);

    private async Task ServeAsync(Connection connection, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var request = await connection.ReadRequestAsync(stopping);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                Interlocked.Increment(ref _pending);
                bool keepOpen;
                try
                {
                    keepOpen = await AnswerAsync(connection, request, stopping);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }

                if (!keepOpen)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or FormatException or OverflowException or ArgumentException)
        {
            // The peer went away, the backend stopped, or the bytes were not HTTP: what arrived is recorded.
        }
        finally
        {
            connection.Close();
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Answers one request; false when the connection must end here.</summary>
    private async Task<bool> AnswerAsync(Connection connection, SpyRequest request, CancellationToken stopping)
    {
        if (Hold?.Invoke(request) is { IsCompleted: false } held)
        {
            await held.WaitAsync(stopping);
        }

        var reply = Reply?.Invoke(request) ?? new SpyReply(200, Body: Name);
        var close = request.All("Connection").Any(v => v.Contains("close", StringComparison.OrdinalIgnoreCase));
        switch (Chaos)
        {
            case ChaosMode.Hang:
                await connection.DrainUntilClosedAsync(tunnel: false, stopping);
                return false;
            case ChaosMode.CloseBeforeHeaders:
                return false;
            case ChaosMode.ResetBeforeHeaders:
                connection.Reset();
                return false;
            case ChaosMode.ResetMidResponse:
                await connection.WriteAsync(Head(200, "OK", [], 1000), stopping);
                await connection.WriteAsync(Encoding.ASCII.GetBytes(new string('r', 100)), stopping);
                connection.Reset();
                return false;
            case ChaosMode.ContentLengthTooShort:
                await connection.WriteAsync(Head(200, "OK", [], 5), stopping);
                await connection.WriteAsync("0123456789"u8.ToArray(), stopping);
                return !close;
            case ChaosMode.ContentLengthTooLong:
                await connection.WriteAsync(Head(200, "OK", [], 100), stopping);
                await connection.WriteAsync("0123456789"u8.ToArray(), stopping);
                return false;
            case ChaosMode.Trickle:
                await connection.WriteAsync(Head(200, "OK", [], TrickleBytes), stopping);
                for (var i = 0; i < TrickleBytes; i++)
                {
                    await Task.Delay(TrickleInterval, stopping);
                    await connection.WriteAsync("t"u8.ToArray(), stopping);
                }

                return !close;
        }

        var body = Encoding.UTF8.GetBytes(reply.Body);
        var headers = reply.Headers ?? [];
        var declaresLength = headers.Any(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)
            || h.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase));
        await connection.WriteAsync([.. Head(reply.Status, reply.Reason, headers, declaresLength || reply.Status is 101 or 204 or 304 ? null : body.Length), .. body], stopping);
        if (reply.Status == 101)
        {
            await connection.DrainUntilClosedAsync(tunnel: true, stopping);
            return false;
        }

        return !close;
    }

    private static byte[] Head(int status, string reason, IReadOnlyList<string> headers, long? contentLength)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        if (contentLength is { } length)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        }

        return Encoding.Latin1.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>Resets every connection and stops listening, as a killed process would; the port refuses until a restart.</summary>
    public async Task StopAsync()
    {
        if (_listener is not { } listener)
        {
            return;
        }

        _listener = null;
        await _stopping!.CancelAsync();
        listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            connection.Reset();
        }

        await _accepting!;
        await Wait.UntilAsync(() => OpenConnections == 0, $"{Name}'s connections are closed", TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>One accepted connection: a byte buffer over the socket, everything received recorded.</summary>
    private sealed class Connection(int id, Socket socket)
    {
        private readonly List<byte> _buffer = [];
        private readonly StringBuilder _received = new();
        private readonly StringBuilder _tunnel = new();
        private readonly byte[] _readBuffer = new byte[16 * 1024];
        private int _closed;

        public bool Closed => Volatile.Read(ref _closed) == 1;

        public string ReceivedText
        {
            get
            {
                lock (_received)
                {
                    return _received.ToString();
                }
            }
        }

        public string TunnelText
        {
            get
            {
                lock (_received)
                {
                    return _tunnel.ToString();
                }
            }
        }

        /// <summary>The next request, or null when the peer closed cleanly between requests.</summary>
        public async Task<SpyRequest?> ReadRequestAsync(CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (_buffer.Count > MaxHeadBytes || !await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var head = Encoding.Latin1.GetString([.. _buffer.GetRange(0, end)]);
            _buffer.RemoveRange(0, end + 4);
            var lines = head.Split("\r\n");
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var value = colon < 0 ? "" : line[(colon + 1)..];
                headers.Add(new(colon < 0 ? line : line[..colon], value.StartsWith(' ') ? value[1..] : value));
            }

            var partial = new SpyRequest(id, lines[0], headers, []);
            if (partial.All("Expect").Any(v => v.Contains("100-continue", StringComparison.OrdinalIgnoreCase)))
            {
                await WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
            }

            var chunked = partial.All("Transfer-Encoding").Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase));
            var body = chunked
                ? await ReadChunkedAsync(cancellationToken)
                : long.TryParse(partial.All("Content-Length").FirstOrDefault(), out var length) ? await ReadExactlyAsync((int)length, cancellationToken) : [];
            return partial with { Body = body };
        }

        private async Task<byte[]> ReadChunkedAsync(CancellationToken cancellationToken)
        {
            var body = new List<byte>();
            while (true)
            {
                var line = await ReadLineAsync(cancellationToken);
                var size = Convert.ToInt32(line.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    while ((await ReadLineAsync(cancellationToken)).Length > 0)
                    {
                        // Trailer fields: recorded with the rest of the bytes, not needed parsed.
                    }

                    return [.. body];
                }

                body.AddRange(await ReadExactlyAsync(size, cancellationToken));
                await ReadLineAsync(cancellationToken);
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            int end;
            while ((end = IndexOf("\r\n"u8)) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    throw new IOException("connection closed inside a chunked body");
                }
            }

            var line = Encoding.Latin1.GetString([.. _buffer.GetRange(0, end)]);
            _buffer.RemoveRange(0, end + 2);
            return line;
        }

        private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
        {
            while (_buffer.Count < count)
            {
                if (!await FillAsync(cancellationToken))
                {
                    throw new IOException("connection closed inside a body");
                }
            }

            var bytes = _buffer.GetRange(0, count).ToArray();
            _buffer.RemoveRange(0, count);
            return bytes;
        }

        /// <summary>Reads and records until the peer closes; in a tunnel the bytes are also recorded as tunnelled.</summary>
        public async Task DrainUntilClosedAsync(bool tunnel, CancellationToken cancellationToken)
        {
            if (tunnel && _buffer.Count > 0)
            {
                lock (_received)
                {
                    _tunnel.Append(Encoding.Latin1.GetString([.. _buffer]));
                }
            }

            _buffer.Clear();
            while (await FillAsync(cancellationToken, tunnel))
            {
                _buffer.Clear();
            }
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken, bool tunnel = false)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(_readBuffer, SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            var text = Encoding.Latin1.GetString(_readBuffer, 0, read);
            lock (_received)
            {
                _received.Append(text);
                if (tunnel)
                {
                    _tunnel.Append(text);
                }
            }

            _buffer.AddRange(_readBuffer.AsSpan(0, read));
            return true;
        }

        public async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken) =>
            await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);

        /// <summary>Closes with a TCP RST instead of a FIN.</summary>
        public void Reset()
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            Close();
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                socket.Dispose();
            }
        }

        private int IndexOf(ReadOnlySpan<byte> value)
        {
            for (var i = 0; i + value.Length <= _buffer.Count; i++)
            {
                var found = true;
                for (var j = 0; j < value.Length && found; j++)
                {
                    found = _buffer[i + j] == value[j];
                }

                if (found)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
