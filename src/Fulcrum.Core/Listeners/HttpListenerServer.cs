using System.Text;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
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
            // Upstream response headers arrive decoded as Latin-1 (one char per byte); writing them back as Latin-1
            // passes non-ASCII bytes through instead of failing the response.
            static services => services.Configure<KestrelServerOptions>(k => k.ResponseHeaderEncodingSelector = static _ => Encoding.Latin1),
            app => app.Run(context => handler.HandleAsync(context, listener)),
            cancellationToken);
}
