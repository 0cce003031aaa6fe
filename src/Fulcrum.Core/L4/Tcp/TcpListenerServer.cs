using Fulcrum.Listeners;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.L4.Tcp;

/// <summary>
/// Starts the Kestrel server of one tcp listener. Kestrel gives the accept loop, connection draining on stop and
/// the same rebinding on reload as HTTP listeners; its connection pipeline runs the <see cref="TcpProxy"/>
/// instead of HTTP.
/// </summary>
internal static class TcpListenerServer
{
    public static Task<KestrelHost> StartAsync(
        ListenerState listener, TcpProxy proxy, ILoggerFactory loggerFactory, TimeSpan drainTimeout, CancellationToken cancellationToken) =>
        KestrelHost.StartAsync(
            listener.Model.EndPoint,
            loggerFactory,
            drainTimeout,
            listen => listen.Use(_ => async connection =>
            {
                listener.ConnectionOpened();
                try
                {
                    await proxy.HandleAsync(connection, listener);
                }
                finally
                {
                    listener.ConnectionClosed();
                }
            }),
            // The pump never blocks, so its continuations may run on the socket threads: no hop to the thread pool
            // per 4 KiB read (and no zero-byte read first), which is most of the cost of a byte stream on Kestrel.
            static services =>
            {
                // Replaces Kestrel's pool factory: KestrelHost registers a listener's services after Kestrel's.
                services.AddSingleton<IMemoryPoolFactory<byte>>(LargeBlockMemoryPool.Instance);
                services.Configure<SocketTransportOptions>(options =>
                {
                    options.UnsafePreferInlineScheduling = true;
                    options.WaitForDataBeforeAllocatingBuffer = false;
                });
            },
            static _ => { },
            cancellationToken);
}
