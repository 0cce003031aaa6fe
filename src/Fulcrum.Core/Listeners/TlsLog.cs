using Microsoft.Extensions.Logging;

namespace Fulcrum.Listeners;

/// <summary>Log messages of TLS on listeners and towards destinations, with stable event ids.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(2101, LogLevel.Information, "Listener {Listener}: certificate files changed, {Count} certificates swapped in for new handshakes")]
    public static partial void CertificatesSwapped(ILogger logger, string listener, int count);

    [LoggerMessage(2102, LogLevel.Error, "Listener {Listener}: changed certificate files do not load, the previous certificates keep serving: {Error}")]
    public static partial void CertificateReloadFailed(ILogger logger, string listener, string error);

    [LoggerMessage(2103, LogLevel.Warning, "Cluster {Cluster}: http.tls.insecureSkipVerify is set, destination certificates are NOT checked (for tests only)")]
    public static partial void InsecureUpstream(ILogger logger, string cluster);
}
