using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fulcrum.Listeners;
using Fulcrum.LoadBalancing;
using Microsoft.Extensions.Logging;

namespace Fulcrum.L4.Udp;

/// <summary>
/// Serves one udp listener (Kestrel has no UDP): one receive loop; a session per client address, pinned to the
/// destination picked for its first datagram (consistentHash hashes the client address); replies go back from
/// the listener's socket to that client; one periodic sweep forgets sessions idle for
/// <c>sessionIdleTimeout</c>. The session table is bounded by <c>maxSessions</c>: datagrams from further
/// clients are dropped (and counted, logged by the sweep) rather than growing it.
/// </summary>
/// <remarks>
/// A reload that keeps the address swaps the listener model in place: sessions keep their destination and
/// socket, new sessions see the new routes and settings. The receive loop is the only writer of new sessions;
/// the sweep is the only remover, so a session is closed exactly once.
/// </remarks>
internal sealed class UdpListenerServer : IListenerServer
{
    /// <summary>The largest UDP payload; each session's reply buffer and the receive buffer hold one.</summary>
    private const int MaxDatagram = 65_535;

    private readonly ListenerState _listener;
    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SocketAddress, UdpSession> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _sweep;
    private readonly Task _receive;
    private long _dropped;
    private long _noDestination;
    private TimeSpan _sweepPeriod;
    private int _stopped;

    private UdpListenerServer(ListenerState listener, Socket socket, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _socket = socket;
        _time = time;
        _logger = logger;
        BoundEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _sweepPeriod = SweepPeriod(listener.Model.L4!.SessionIdleTimeout);
        _sweep = time.CreateTimer(static state => ((UdpListenerServer)state!).Sweep(), this, _sweepPeriod, _sweepPeriod);
        _receive = Task.Run(ReceiveAsync);
    }

    public IPEndPoint BoundEndPoint { get; }

    public int Sessions => _sessions.Count;

    public static UdpListenerServer Start(ListenerState listener, TimeProvider time, ILogger logger)
    {
        var endPoint = listener.Model.EndPoint;
        var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new UdpListenerServer(listener, socket, time, logger);
    }

    private async Task ReceiveAsync()
    {
        // One buffer and one address for the listener's lifetime: a datagram of a known session allocates nothing.
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                L4Log.UdpReceiveFailed(_logger, _listener.Name, e.SocketErrorCode.ToString());
                continue;
            }

            if (!_sessions.TryGetValue(from, out var session))
            {
                session = await OpenSessionAsync(from);
                if (session is null)
                {
                    continue;
                }
            }

            session.Touch();
            try
            {
                await session.Upstream.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The sweep closed the session meanwhile, or the destination's host said unreachable: UDP may drop.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<UdpSession?> OpenSessionAsync(SocketAddress from)
    {
        var l4 = _listener.Model.L4!;
        if (_sessions.Count >= l4.MaxSessions)
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }

        if (l4.Routes.Fallback is not { } route)
        {
            return null;
        }

        var client = (IPEndPoint)BoundEndPoint.Create(from);
        var cluster = route.ClusterModel;
        var destination = cluster.LoadBalancer.Pick(cluster.HashKey.ContextFor(client.Address), route.Cluster.Selectable(cluster));
        if (destination is null)
        {
            if (Interlocked.Increment(ref _noDestination) == 1)
            {
                L4Log.NoUdpDestination(_logger, _listener.Name, route.Cluster.Name, client.ToString());
            }

            return null;
        }

        var upstream = destination.Model.EndPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await upstream.ConnectAsync(destination.Model.EndPoint, _stop.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            upstream.Dispose();
            return null;
        }

        var key = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(key.Buffer.Span);
        var session = new UdpSession(key, client, upstream, destination, _time);
        _sessions[key] = session;
        _listener.ConnectionOpened();
        destination.RequestStarted();
        _ = RelayRepliesAsync(session);
        return session;
    }

    /// <summary>Sends the destination's datagrams back to the session's client until the session closes.</summary>
    private async Task RelayRepliesAsync(UdpSession session)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
        try
        {
            while (!session.Closing.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = await session.Upstream.ReceiveAsync(buffer, SocketFlags.None, session.Closing);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                {
                    // ICMP port unreachable for an earlier datagram: the destination is down for now; the session stays.
                    continue;
                }

                session.Touch();
                await _socket.SendToAsync(buffer.AsMemory(0, length), SocketFlags.None, session.Client, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Sweep()
    {
        if (_listener.Model.L4 is not { } l4)
        {
            return;
        }

        var now = _time.GetTimestamp();
        foreach (var (key, session) in _sessions)
        {
            if (_time.GetElapsedTime(session.LastActivity, now) > l4.SessionIdleTimeout && _sessions.TryRemove(key, out _))
            {
                Close(session);
            }
        }

        var dropped = Interlocked.Exchange(ref _dropped, 0);
        if (dropped > 0)
        {
            L4Log.SessionTableFull(_logger, _listener.Name, dropped, l4.MaxSessions);
        }

        Interlocked.Exchange(ref _noDestination, 0);
        var period = SweepPeriod(l4.SessionIdleTimeout);
        if (period != _sweepPeriod)
        {
            _sweepPeriod = period;
            _sweep.Change(period, period);
        }
    }

    private void Close(UdpSession session)
    {
        session.Close();
        _listener.ConnectionClosed();
        session.Destination.SessionEnded();
    }

    /// <summary>A quarter of the idle timeout: a session outlives it by at most 25%; never busier than 20 times a second.</summary>
    private static TimeSpan SweepPeriod(TimeSpan idle) =>
        TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));

    /// <summary>UDP has nothing to drain: stop receiving and forget the sessions.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        _socket.Dispose();
        await _sweep.DisposeAsync();
        await _receive;
        foreach (var key in _sessions.Keys)
        {
            if (_sessions.TryRemove(key, out var session))
            {
                Close(session);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _stop.Dispose();
    }
}
