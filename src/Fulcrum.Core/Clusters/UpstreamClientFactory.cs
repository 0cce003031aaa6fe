using System.Diagnostics;
using System.Net;
using System.Text;
using Fulcrum.Configuration;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Clusters;

/// <summary>One pooled <see cref="SocketsHttpHandler"/> per cluster, configured the way a proxy needs it.</summary>
internal static class UpstreamClientFactory
{
    public static HttpMessageInvoker Create(string cluster, HttpClientConfig config, string baseDirectory, ILoggerFactory loggerFactory)
    {
        var handler = new SocketsHttpHandler
        {
            // A proxy passes redirects, cookies and compressed bodies through untouched, and never uses a proxy itself.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = config.ConnectTimeout,
            PooledConnectionIdleTimeout = config.PooledConnectionIdleTimeout,
            MaxConnectionsPerServer = config.MaxConnectionsPerDestination > 0 ? config.MaxConnectionsPerDestination : int.MaxValue,
            // Replaces the client's trace headers with the gateway's activity, so the backend's span is a child
            // of the proxy span rather than a sibling with a duplicated traceparent.
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            // Kestrel decodes request headers as UTF-8; encoding them back the same way forwards the client's bytes
            // instead of failing the send (which would answer 502 and count against a healthy destination).
            RequestHeaderEncodingSelector = static (_, _) => Encoding.UTF8,
        };
        UpstreamTls.Configure(handler.SslOptions, cluster, config.Tls, baseDirectory, loggerFactory.CreateLogger<UpstreamTlsConfig>());

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
