namespace Fulcrum.L4.Tls;

internal enum ClientHelloStatus
{
    /// <summary>A valid beginning: read more.</summary>
    Incomplete,

    /// <summary>A whole ClientHello; <see cref="ClientHelloResult.ServerName"/> is null when it has no SNI.</summary>
    Parsed,

    /// <summary>Not TLS, or a broken ClientHello.</summary>
    Invalid,
}
