using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Fulcrum.Clusters;
using Fulcrum.Health;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.L4.Tls;
using Fulcrum.Listeners;
using Fulcrum.LoadBalancing;
using Fulcrum.Resilience;
using Fulcrum.Runtime;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

namespace Fulcrum.L4.Tcp;

/// <summary>
/// The layer 4 TCP flow, run by Kestrel for every connection of every tcp listener:
/// <code>
///   accept ─► maxConnections ─► PROXY header (accept) ─► ClientHello SNI peek (passthrough) ─► route
///          ─► TLS handshake (terminate) ─► pick + connect (next destination on refusal/timeout)
///          ─► PROXY header (sendProxyProtocol) ─► pump both ways until both sides sent FIN
/// </code>
/// One instance per runtime; one heartbeat closes idle connections of every listener, reading each listener's
/// current idle timeout, so a reload changes it for open connections too. A connection reads the listener
/// model once, so it finishes on the route and destination it started with.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    /// <summary>Per direction; two per connection while it pumps, from the shared pool.</summary>
    private const int BufferSize = 32 * 1024;

    /// <summary>The PROXY header, ClientHello and TLS handshake must all arrive within this.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly ProxyHeaderAcceptor _proxyHeaders;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<TcpProxyConnection, byte> _open = new();
    private readonly ITimer _heartbeat;
    private bool _receiveBlocksChecked;

    public TcpProxy(TimeProvider time, IRandomSource random, ProxyHeaderAcceptor proxyHeaders, ILogger logger)
    {
        _time = time;
        _random = random;
        _proxyHeaders = proxyHeaders;
        _logger = logger;
        _heartbeat = time.CreateTimer(static state => ((TcpProxy)state!).CloseIdle(), this, HeartbeatPeriod, HeartbeatPeriod);
    }

    public async Task HandleAsync(ConnectionContext connection, ListenerState listener)
    {
        var model = listener.Model;
        var l4 = model.L4!;
        if (l4.MaxConnections > 0 && listener.ActiveConnections > l4.MaxConnections)
        {
            L4Log.ConnectionLimit(_logger, model.Name, l4.MaxConnections, connection.RemoteEndPoint?.ToString() ?? "-");
            return;
        }

        if (!_receiveBlocksChecked)
        {
            // The pool is wired through an internal Kestrel option; say so if an update ever stops it applying.
            _receiveBlocksChecked = true;
            var pool = connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
            if (pool is not LargeBlockMemoryPool)
            {
                L4Log.SmallReceiveBlocks(_logger, model.Name, pool?.GetType().Name ?? "unknown");
            }
        }

        if (model.AcceptProxyProtocol && !await _proxyHeaders.AcceptAsync(connection, model.Name))
        {
            return;
        }

        var tracked = new TcpProxyConnection(connection, listener, _time);
        _open.TryAdd(tracked, 0);
        try
        {
            await ProxyAsync(connection, model, l4, tracked);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or AuthenticationException)
        {
            // Resets, aborts and timeouts are routine for a TCP proxy; the connection just ends.
            L4Log.ConnectionFailed(_logger, model.Name, tracked.Client, e.Message);
        }
        finally
        {
            _open.TryRemove(tracked, out _);
            tracked.Dispose();
        }
    }

    private async Task ProxyAsync(ConnectionContext connection, ListenerModel model, L4ListenerModel l4, TcpProxyConnection tracked)
    {
        var input = connection.Transport.Input;
        var route = l4.Routes.Fallback;
        using var handshake = new CancellationTokenSource(HandshakeTimeout, _time);
        string? serverName = null;
        if (l4.Tls == TlsMode.Passthrough)
        {
            var hello = await PrefixReader.ReadAsync(input, static buffer => ClientHelloParser.Parse(buffer), handshake.Token);
            if (hello is not { Status: ClientHelloStatus.Parsed } parsed)
            {
                L4Log.ClientHelloRejected(_logger, model.Name, tracked.Client, hello?.Error ?? "the connection closed before the ClientHello ended");
                return;
            }

            serverName = parsed.ServerName;
            route = l4.Routes.Find(serverName);
        }

        if (route is null)
        {
            L4Log.NoRoute(_logger, model.Name, serverName ?? "(none)", tracked.Client);
            return;
        }

        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException("tcp listeners need Kestrel's socket transport");
        await using var raw = new ClientStream(input, socket);
        SslStream? tls = null;
        if (l4.Tls == TlsMode.Terminate)
        {
            tls = new SslStream(raw, leaveInnerStreamOpen: true);
            try
            {
                // The listener's certificates as https uses them, chosen by SNI, without ALPN (no protocol to offer).
                var listenerTls = model.Tls!;
                await tls.AuthenticateAsServerAsync(
                    (_, hello, _, _) => ValueTask.FromResult(listenerTls.OptionsFor(hello.ServerName, http2: null)), null, handshake.Token);
            }
            catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
            {
                L4Log.TlsHandshakeFailed(_logger, model.Name, tracked.Client, e.Message);
                await tls.DisposeAsync();
                return;
            }
        }

        var client = connection.RemoteEndPoint as IPEndPoint;
        var connected = await ConnectAsync(model.Name, route, client?.Address, tracked.Closing);
        if (connected is not { } backend)
        {
            tls?.Dispose();
            return;
        }

        tracked.Backend = backend.Socket;
        try
        {
            if (route.ClusterModel.SendProxyProtocol != ProxyProtocolVersion.None)
            {
                await SendProxyHeaderAsync(backend.Socket, route.ClusterModel.SendProxyProtocol, client, connection.LocalEndPoint as IPEndPoint, tracked.Closing);
            }

            await using var destination = new NetworkStream(backend.Socket, ownsSocket: true);
            await PumpAsync(tls is null ? raw : tls, tls, raw, destination, backend.Socket, tracked);
        }
        finally
        {
            backend.Socket.Dispose();
            backend.Destination.RequestEnded(false, backend.ConnectTime);
            if (tls is not null)
            {
                await tls.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Picks a destination and connects; on refusal or timeout, the next untried available one. Every outcome
    /// feeds passive health, so a dead destination is ejected by its connect failures.
    /// </summary>
    private async Task<(Socket Socket, DestinationState Destination, TimeSpan ConnectTime)?> ConnectAsync(
        string listener, RouteModel route, IPAddress? client, CancellationToken cancellationToken)
    {
        var state = route.Cluster;
        var cluster = route.ClusterModel;
        var destination = cluster.LoadBalancer.Pick(cluster.HashKey.ContextFor(client), state.Selectable(cluster));
        List<DestinationState>? tried = null;
        while (destination is not null)
        {
            destination.RequestStarted();
            var started = _time.GetTimestamp();
            var (socket, error) = await TcpConnector.ConnectAsync(destination.Model.EndPoint, cluster.ConnectTimeout, _time, cancellationToken);
            var elapsed = _time.GetElapsedTime(started);
            PassiveHealthRecorder.Record(state, cluster, destination, socket is null, _time, _logger);
            if (socket is not null)
            {
                return (socket, destination, elapsed);
            }

            destination.RequestEnded(true, elapsed);
            L4Log.ConnectFailed(_logger, listener, state.Name, destination.Name, error!);
            (tried ??= []).Add(destination);
            destination = UntriedDestinations.Pick(state.Selectable(cluster), tried, _random);
        }

        L4Log.NoDestination(_logger, listener, state.Name, client?.ToString() ?? "-");
        return null;
    }

    private static async Task SendProxyHeaderAsync(
        Socket backend, ProxyProtocolVersion version, IPEndPoint? client, IPEndPoint? local, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ProxyHeaderWriter.MaxLength);
        try
        {
            var length = ProxyHeaderWriter.Write(buffer, version, client, local);
            await backend.SendAsync(buffer.AsMemory(0, length), SocketFlags.None, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Copies both ways until both are done. A clean end of one direction (its FIN) is passed on as a FIN and
    /// the other direction keeps flowing; a failure of either (a reset, an abort) ends both.
    /// </summary>
    private async Task PumpAsync(Stream client, SslStream? tls, ClientStream raw, NetworkStream destination, Socket backend, TcpProxyConnection tracked)
    {
        var token = tracked.Closing;
        var upstream = tls is null
            ? SendReceivedAsync(raw.Input, backend, tracked, token)
            : CopyAsync(client, destination, tracked, token, () =>
            {
                backend.Shutdown(SocketShutdown.Send);
                return ValueTask.CompletedTask;
            });
        var downstream = CopyAsync(destination, client, tracked, token, () =>
        {
            // TLS says "no more data" with close_notify; the TCP FIN follows when the connection closes.
            if (tls is not null)
            {
                return new ValueTask(tls.ShutdownAsync());
            }

            raw.ShutdownSend();
            return ValueTask.CompletedTask;
        });
        var first = await Task.WhenAny(upstream, downstream);
        if (!first.IsCompletedSuccessfully)
        {
            tracked.Abort("the other direction failed");
        }

        await Task.WhenAll(upstream, downstream);
    }

    /// <summary>
    /// Client → destination without TLS: sends the blocks Kestrel received straight from its pipe, with no copy
    /// into a buffer of our own (the blocks are <see cref="LargeBlockMemoryPool.BlockSize"/>, so one receive and one
    /// send per block); then passes the client's FIN on.
    /// </summary>
    private static async Task SendReceivedAsync(PipeReader input, Socket backend, TcpProxyConnection tracked, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                tracked.Touch();
                foreach (var block in data)
                {
                    // A stream socket's send completes when all of it is sent; the loop costs nothing if so.
                    for (var sent = 0; sent < block.Length;)
                    {
                        sent += await backend.SendAsync(block[sent..], SocketFlags.None, cancellationToken);
                    }
                }
            }

            input.AdvanceTo(data.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                break;
            }
        }

        backend.Shutdown(SocketShutdown.Send);
    }

    private static async Task CopyAsync(Stream from, Stream to, TcpProxyConnection tracked, CancellationToken cancellationToken, Func<ValueTask> passFin)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                tracked.Touch();
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await passFin();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void CloseIdle()
    {
        var now = _time.GetTimestamp();
        foreach (var (connection, _) in _open)
        {
            var idle = connection.Listener.Model.L4?.IdleTimeout ?? L4ListenerModel.DefaultIdleTimeout;
            if (_time.GetElapsedTime(connection.LastActivity, now) > idle)
            {
                L4Log.IdleClosed(_logger, connection.Listener.Name, connection.Client, idle);
                connection.Abort("idle timeout");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _heartbeat.DisposeAsync();
    }
}
