using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Configuration;
using Fulcrum.Listeners;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Clusters;

/// <summary>
/// How a cluster's client checks https:// destinations: the system store by default, only the CA bundle of
/// <c>http.tls.caFile</c> when given (the name is still checked), or nothing at all with <c>insecureSkipVerify</c>.
/// ALPN follows the request version (h2 for <c>version: "2"</c>), chosen by the handler per connection.
/// </summary>
internal static class UpstreamTls
{
    public static void Configure(SslClientAuthenticationOptions options, string cluster, UpstreamTlsConfig config, string baseDirectory, ILogger logger)
    {
        // serverName is not set here: SocketsHttpHandler takes SNI from the request's Host, which the route's
        // transformer sets to it (RouteTransformer), so one setting names the backend for Host, SNI and the check.
        options.CertificateRevocationCheckMode = X509RevocationMode.NoCheck;

        if (config.InsecureSkipVerify)
        {
            TlsLog.InsecureUpstream(logger, cluster);
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            return;
        }

        if (config.CaFile is { Length: > 0 } caFile)
        {
            // Validated at load; a file that vanished since is a failed apply, not a silent fall back to the system store.
            var roots = CaBundle.TryLoad(Path.GetFullPath(Path.Combine(baseDirectory, caFile)), out var error)
                ?? throw new InvalidOperationException($"cluster {cluster}: {error}");
            options.CertificateChainPolicy = CaBundle.TrustOnly(roots);
        }
    }
}
