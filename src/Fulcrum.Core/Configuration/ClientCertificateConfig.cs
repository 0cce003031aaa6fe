namespace Fulcrum.Configuration;

/// <summary>Mutual TLS on a listener: clients present a certificate that chains to <see cref="CaFile"/>.</summary>
internal sealed record ClientCertificateConfig
{
    /// <summary>When false, a certificate is asked for and checked if sent, but a client without one is let in.</summary>
    public bool Required { get; init; } = true;

    /// <summary>PEM bundle of the CA certificates client certificates must chain to (the system store is not used).</summary>
    public string CaFile { get; init; } = "";
}
