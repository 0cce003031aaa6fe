using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Configuration;

namespace Fulcrum.Listeners;

/// <summary>
/// A listener's compiled <c>tls</c> section: what each new handshake is offered. Read per handshake from the
/// listener's current model, so a reload that changes the minimum version or the client CA applies to the next
/// connection without rebinding, and the certificate set is swapped by its <see cref="CertificateStore"/>.
/// </summary>
internal sealed class ListenerTls
{
    private static readonly List<SslApplicationProtocol> H2AndHttp11 = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private static readonly List<SslApplicationProtocol> Http11Only = [SslApplicationProtocol.Http11];

    public ListenerTls(ListenerTlsConfig config, CertificateStore certificates, X509Certificate2Collection? clientCas)
    {
        Config = config;
        Certificates = certificates;
        Protocols = ProtocolsFor(config.MinVersion);
        if (clientCas is not null)
        {
            ClientCertificatePolicy = CaBundle.TrustOnly(clientCas);
            ClientCertificateRequired = config.ClientCertificate?.Required ?? true;
        }
    }

    public ListenerTlsConfig Config { get; }

    public CertificateStore Certificates { get; }

    public SslProtocols Protocols { get; }

    /// <summary>Null when clients are not asked for a certificate.</summary>
    public X509ChainPolicy? ClientCertificatePolicy { get; }

    public bool ClientCertificateRequired { get; }

    public static readonly IReadOnlyList<string> MinVersions = ["1.2", "1.3"];

    public static SslProtocols ProtocolsFor(string minVersion) =>
        minVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>
    /// The options for one handshake: the certificate for <paramref name="serverName"/> (SNI), the allowed versions,
    /// ALPN (h2 before http/1.1 when <paramref name="http2"/>; none for a TCP listener), the client certificate check.
    /// </summary>
    public SslServerAuthenticationOptions OptionsFor(string? serverName, bool? http2)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = Certificates.Selector.Select(serverName).Context,
            EnabledSslProtocols = Protocols,
            ApplicationProtocols = http2 switch { true => H2AndHttp11, false => Http11Only, null => null },
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (ClientCertificatePolicy is { } policy)
        {
            options.ClientCertificateRequired = true;
            options.CertificateChainPolicy = policy;
            options.RemoteCertificateValidationCallback = ClientCertificateRequired ? RequireClientCertificate : AllowMissingClientCertificate;
        }

        return options;
    }

    private static bool RequireClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None;

    // Asked for but optional: no certificate is fine, a certificate that does not chain to the CA is not.
    private static bool AllowMissingClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        errors is SslPolicyErrors.None or SslPolicyErrors.RemoteCertificateNotAvailable;
}
