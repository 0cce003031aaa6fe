namespace Fulcrum.Configuration;

/// <summary>How a cluster checks its https:// destinations' certificates (<c>http.tls</c>).</summary>
internal sealed record UpstreamTlsConfig
{
    /// <summary>PEM bundle of CA certificates trusted instead of the system store (relative to the config file).</summary>
    public string? CaFile { get; init; }

    /// <summary>The name sent as SNI and checked against the certificate, instead of the destination's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>Accept any certificate. For tests only: the gateway logs a warning for every cluster that sets it.</summary>
    public bool InsecureSkipVerify { get; init; }
}
