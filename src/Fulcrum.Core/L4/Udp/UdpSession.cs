using System.Net;
using System.Net.Sockets;
using Fulcrum.Clusters;

namespace Fulcrum.L4.Udp;

/// <summary>
/// One client address's session: its own connected socket towards the destination it was pinned to, so that
/// replies (which arrive on that socket) go back to exactly this client.
/// </summary>
internal sealed class UdpSession
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closing = new();
    private long _lastActivity;

    public UdpSession(SocketAddress client, IPEndPoint clientEndPoint, Socket upstream, DestinationState destination, TimeProvider time)
    {
        Client = client;
        ClientEndPoint = clientEndPoint;
        Upstream = upstream;
        Destination = destination;
        _time = time;
        _lastActivity = time.GetTimestamp();
    }

    /// <summary>The client's address in socket form, the session table's key and the reply target.</summary>
    public SocketAddress Client { get; }

    public IPEndPoint ClientEndPoint { get; }

    public Socket Upstream { get; }

    public DestinationState Destination { get; }

    public CancellationToken Closing => _closing.Token;

    public long LastActivity => Volatile.Read(ref _lastActivity);

    public void Touch() => Volatile.Write(ref _lastActivity, _time.GetTimestamp());

    public void Close()
    {
        _closing.Cancel();
        Upstream.Dispose();
        _closing.Dispose();
    }
}
