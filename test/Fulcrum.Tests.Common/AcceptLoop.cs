using System.Net.Sockets;

namespace Fulcrum.Tests.Common;

/// <summary>The accept loop of the raw-socket test servers: until stopped or the listener is closed.</summary>
public static class AcceptLoop
{
    /// <param name="accepted">Tracks and starts serving one connection; must not block.</param>
    public static async Task RunAsync(Socket listener, Action<Socket> accepted, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            accepted(socket);
        }
    }
}
