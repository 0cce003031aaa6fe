namespace Fulcrum.Configuration;

/// <summary>How a cluster checks its https:// destinations' certificates (<c>http.tls</c>).</summary>
internal sealed record UpstreamTlsConfig
{
    /// <summary>PEM bundle of CA certificates trusted instead of the system store (relative to the config file).</summary>
    public string? CaFile { get; init; }

    /// <summary>
    /// The name sent as SNI, checked against the certificate and sent as Host (over the route's preserveHost: the
    /// upstream client ties SNI to Host). Unset, SNI is the Host sent: the client's (preserveHost) or the destination's.
    /// </summary>
    public string? ServerName { get; init; }

    /// <summary>Accept any certificate. For tests only: the gateway logs a warning for every cluster that sets it.</summary>
    public bool InsecureSkipVerify { get; init; }
}
