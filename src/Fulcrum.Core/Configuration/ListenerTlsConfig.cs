namespace Fulcrum.Configuration;

/// <summary>
/// A listener's <c>tls</c> section. Everything here applies to new handshakes without rebinding the listener:
/// certificates are chosen per handshake by SNI, and their files are watched and swapped in place.
/// </summary>
internal sealed record ListenerTlsConfig
{
    /// <summary>
    /// Chosen by the client's SNI: an exact DNS name from a certificate's SANs first, then a wildcard SAN
    /// (<c>*.example.com</c> covers one label), then the first certificate as the default.
    /// </summary>
    public IReadOnlyList<TlsCertificateConfig> Certificates { get; init; } = [];

    /// <summary>
    /// tcp listeners only: <c>passthrough</c> peeks the ClientHello's SNI to pick a route and forwards the TLS bytes
    /// untouched; <c>terminate</c> completes the handshake with <see cref="Certificates"/> and forwards plain TCP.
    /// </summary>
    public string? Mode { get; init; }

    /// <summary><c>1.2</c> or <c>1.3</c>: older clients fail the handshake.</summary>
    public string MinVersion { get; init; } = "1.2";

    /// <summary>When set, clients are asked for a certificate checked against this CA bundle (mutual TLS).</summary>
    public ClientCertificateConfig? ClientCertificate { get; init; }

    // Records compare lists by reference; a reload compares tls sections by what they say.
    public bool Equals(ListenerTlsConfig? other) =>
        other is not null && Certificates.SequenceEqual(other.Certificates) && MinVersion == other.MinVersion
        && ClientCertificate == other.ClientCertificate && Mode == other.Mode;

    public override int GetHashCode() => HashCode.Combine(Certificates.Count, MinVersion, ClientCertificate, Mode);
}
