namespace Fulcrum.Configuration;

/// <summary>
/// One server certificate as PEM files. <see cref="CertFile"/> holds the leaf first, then any intermediates to
/// send with it; paths are relative to the config file's directory. Shared by HTTPS and TLS-terminating TCP listeners.
/// </summary>
internal sealed record TlsCertificateConfig
{
    public string CertFile { get; init; } = "";

    public string KeyFile { get; init; } = "";
}
