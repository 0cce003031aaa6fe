namespace Fulcrum.L4;

/// <summary>What a tcp listener does with TLS.</summary>
internal enum TlsMode
{
    /// <summary>Bytes are forwarded as they come.</summary>
    None,

    /// <summary>The ClientHello's SNI picks the route; the TLS session runs between client and destination.</summary>
    Passthrough,

    /// <summary>Fulcrum completes the handshake and forwards the plain bytes.</summary>
    Terminate,
}
