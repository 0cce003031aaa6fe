using Fulcrum.Listeners;
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
            static _ => { },
            static _ => { },
            cancellationToken);
}
