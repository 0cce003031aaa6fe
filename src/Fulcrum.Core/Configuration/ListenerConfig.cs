namespace Fulcrum.Configuration;

/// <summary>An address Fulcrum accepts on.</summary>
internal sealed record ListenerConfig
{
    /// <summary>
    /// <c>http</c> (cleartext HTTP/1.1, plus h2c with prior knowledge when <see cref="Http2"/> is true) or
    /// <c>https</c> (TLS with <see cref="Tls"/>; ALPN offers h2 and http/1.1 unless <see cref="Http2"/> is false).
    /// </summary>
    public string Protocol { get; init; } = "http";

    /// <summary><c>host:port</c>; port 0 picks a free port (tests).</summary>
    public string Address { get; init; } = "";

    /// <summary>
    /// CIDR ranges whose X-Forwarded-For/Proto/Host are believed. A request from any other peer has those headers
    /// replaced, never appended to, so a client cannot spoof its address.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];

    /// <summary>HTTP/2 beside HTTP/1.1. Unset means on for <c>https</c> (by ALPN) and off for <c>http</c> (h2c).</summary>
    public bool? Http2 { get; init; }

    /// <summary>Certificates, minimum version and client certificates; required for <c>https</c>.</summary>
    public ListenerTlsConfig? Tls { get; init; }

    /// <summary>Timeouts and rates that bound slow clients.</summary>
    public ListenerLimitsConfig Limits { get; init; } = new();
}
