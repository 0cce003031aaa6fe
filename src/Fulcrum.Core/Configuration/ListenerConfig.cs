namespace Fulcrum.Configuration;

/// <summary>An address Fulcrum accepts on.</summary>
internal sealed record ListenerConfig
{
    /// <summary><c>http</c> (HTTP/1.1; HTTP/2 with prior knowledge when <see cref="Http2"/> is set).</summary>
    public string Protocol { get; init; } = "http";

    /// <summary><c>host:port</c>; port 0 picks a free port (tests).</summary>
    public string Address { get; init; } = "";

    /// <summary>
    /// CIDR ranges whose X-Forwarded-For/Proto/Host are believed. A request from any other peer has those headers
    /// replaced, never appended to, so a client cannot spoof its address.
    /// </summary>
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
}
