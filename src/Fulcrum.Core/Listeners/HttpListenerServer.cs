using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Listeners;

/// <summary>Starts the Kestrel server of one HTTP listener, with the proxy handler as its only endpoint.</summary>
internal static class HttpListenerServer
{
    public static Task<KestrelHost> StartAsync(
        ListenerState listener, ProxyHandler handler, ILoggerFactory loggerFactory, TimeSpan drainTimeout, CancellationToken cancellationToken) =>
        KestrelHost.StartAsync(
            listener.Model.EndPoint,
            loggerFactory,
            drainTimeout,
            listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listen.Use(next => async connection =>
                {
                    listener.ConnectionOpened();
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        listener.ConnectionClosed();
                    }
                });
            },
            static _ => { },
            app => app.Run(context => handler.HandleAsync(context, listener)),
            cancellationToken);
}
