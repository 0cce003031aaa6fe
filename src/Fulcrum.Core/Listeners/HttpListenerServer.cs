using System.Text;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Listeners;

/// <summary>Starts the Kestrel server of one HTTP listener, with the proxy handler as its only endpoint.</summary>
internal static class HttpListenerServer
{
    /// <summary>A TLS handshake not done by then is dropped, so silent sockets cannot pile up on the listener.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public static Task<KestrelHost> StartAsync(
        ListenerState listener,
        ProxyHandler handler,
        ProxyHeaderAcceptor proxyHeaders,
        ILoggerFactory loggerFactory,
        TimeSpan drainTimeout,
        CancellationToken cancellationToken)
    {
        var model = listener.Model;
        var h2c = model.Http2 && model.Config.Protocol == "http";
        return KestrelHost.StartAsync(
            model.EndPoint,
            h2c ? new H2cStartupWarningFilter(loggerFactory) : loggerFactory,
            drainTimeout,
            listen =>
            {
                // On TLS the choice between h2 and http/1.1 is ALPN's; on cleartext it is the connection preface's
                // (H2cPriorKnowledge). The h2c Upgrade dance is not offered: prior knowledge only.
                listen.Protocols = model.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                listen.Use(next => async connection =>
                {
                    listener.ConnectionOpened();
                    try
                    {
                        // The PROXY header's source becomes the connection's remote address, which is what
                        // ClientAddress, IP rules, rate limits and the access log read.
                        if (listener.Model.AcceptProxyProtocol && !await proxyHeaders.AcceptAsync(connection, listener.Name))
                        {
                            return;
                        }

                        await next(connection);
                    }
                    finally
                    {
                        listener.ConnectionClosed();
                    }
                });
                if (h2c)
                {
                    listen.Use(H2cPriorKnowledge.Middleware);
                }

                if (model.Config.Protocol == "https")
                {
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        // The listener's current model, not the one it was bound with: tls changes need no rebind.
                        OnConnection = context => ValueTask.FromResult(
                            listener.Model.Tls!.OptionsFor(context.ClientHelloInfo.ServerName, listener.Model.Http2)),
                        HandshakeTimeout = HandshakeTimeout,
                    });
                }
            },
            services => services.Configure<KestrelServerOptions>(kestrel =>
            {
                // h2c connections look like TLS to Kestrel (see H2cPriorKnowledge), so their :scheme http must be
                // accepted; the scheme is set back to http below whatever the client claimed.
                kestrel.AllowAlternateSchemes = h2c;
                // Upstream response headers arrive decoded as Latin-1 (one char per byte); writing them back as
                // Latin-1 passes non-ASCII bytes through instead of failing the response.
                kestrel.ResponseHeaderEncodingSelector = static _ => Encoding.Latin1;
                Http2Protections.Apply(kestrel.Limits);
                ListenerLimits.Apply(kestrel.Limits, listener.Model.Config.Limits);
            }),
            app => app.Run(ServeAsync),
            cancellationToken);

        // Requests malformed in ways Kestrel lets through are refused here, before routing, policies and the forwarder.
        Task ServeAsync(HttpContext context)
        {
            if (Http2ConnectionSpecificFields.RejectIfPresent(context))
            {
                return Task.CompletedTask;
            }

            if (WebSocketHandshake.Check(context.Request) is not 0 and var refusal)
            {
                return WebSocketHandshake.RefuseAsync(context, refusal);
            }

            if (h2c)
            {
                context.Request.Scheme = "http";
            }

            return handler.HandleAsync(context, listener);
        }
    }
}
