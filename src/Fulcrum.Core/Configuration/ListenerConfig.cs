namespace Fulcrum.Configuration;

/// <summary>An address Fulcrum accepts on.</summary>
internal sealed record ListenerConfig
{
    /// <summary>
    /// <c>http</c> (cleartext HTTP/1.1, plus h2c with prior knowledge when <see cref="Http2"/> is true) or
    /// <c>https</c> (TLS with <see cref="Tls"/>; ALPN offers h2 and http/1.1 unless <see cref="Http2"/> is false), or
    /// layer 4: <c>tcp</c> (bytes pumped to a tcp cluster, optionally TLS passthrough by SNI or TLS termination) and
    /// <c>udp</c> (datagrams to a udp cluster, one session per client address).
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

    /// <summary>Certificates, minimum version and client certificates; required for <c>https</c>; on tcp listeners
    /// <c>mode: passthrough</c> (route by the ClientHello's SNI, TLS end to end) or <c>terminate</c>.</summary>
    public ListenerTlsConfig? Tls { get; init; }

    /// <summary>Timeouts and rates that bound slow clients.</summary>
    public ListenerLimitsConfig Limits { get; init; } = new();

    /// <summary>
    /// <c>accept</c>: every connection must start with a PROXY protocol v1 or v2 header, whose source address then
    /// stands for the peer's (logs, rate limits, IP rules, consistent hashing). <c>none</c> (default).
    /// </summary>
    public string ProxyProtocol { get; init; } = "none";

    /// <summary>tcp only: a connection with no bytes either way for this long is closed. Default 10m.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>tcp only: connections open at once; one more is closed on accept. 0 (default) means no limit.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>udp only: a session with no datagram either way for this long is forgotten. Default 30s.</summary>
    public TimeSpan? SessionIdleTimeout { get; init; }

    /// <summary>udp only: client sessions at once; datagrams from further clients are dropped. Default 4096.</summary>
    public int? MaxSessions { get; init; }
}
