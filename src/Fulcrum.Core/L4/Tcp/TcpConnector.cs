using System.Net;
using System.Net.Sockets;

namespace Fulcrum.L4.Tcp;

/// <summary>One TCP connect with a timeout, for proxied connections and TCP health probes alike.</summary>
internal static class TcpConnector
{
    /// <summary>The connected socket, or null with the reason (refused, timed out, unreachable…).</summary>
    public static async Task<(Socket? Socket, string? Error)> ConnectAsync(
        EndPoint endPoint, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = endPoint is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await socket.ConnectAsync(endPoint, linked.Token);
            return (socket, null);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return (null, e.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return (null, $"no answer within {timeout.TotalMilliseconds:0}ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
