using System.Net.Sockets;
using Fulcrum.Listeners;
using Microsoft.AspNetCore.Connections;

namespace Fulcrum.L4.Tcp;

/// <summary>
/// One proxied TCP connection as the idle sweep sees it: when it last moved a byte, and how to end it.
/// Thread-safety: <see cref="Touch"/> is a plain volatile write from the pump loops; <see cref="Abort"/> may
/// race with the connection's own end and is idempotent.
/// </summary>
internal sealed class TcpProxyConnection : IDisposable
{
    private readonly ConnectionContext _connection;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closing = new();
    private long _lastActivity;
    private volatile Socket? _backend;

    public TcpProxyConnection(ConnectionContext connection, ListenerState listener, TimeProvider time)
    {
        _connection = connection;
        Listener = listener;
        _time = time;
        _lastActivity = time.GetTimestamp();
    }

    public ListenerState Listener { get; }

    public string Client => _connection.RemoteEndPoint?.ToString() ?? "-";

    /// <summary>Cancelled when the connection is aborted (idle, a reset on either side).</summary>
    public CancellationToken Closing => _closing.Token;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>The destination socket, disposed by <see cref="Abort"/> so a pending receive ends.</summary>
    public Socket? Backend
    {
        set => _backend = value;
    }

    public void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    public void Abort(string reason)
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _backend?.Dispose();
        _connection.Abort(new ConnectionAbortedException(reason));
    }

    public void Dispose() => _closing.Dispose();
}
