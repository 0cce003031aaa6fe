namespace Fulcrum.L4.ProxyProtocol;

internal enum ProxyHeaderStatus
{
    /// <summary>The bytes so far are a valid beginning; read more.</summary>
    Incomplete,

    Parsed,

    /// <summary>Not a PROXY header, or a broken one: close the connection.</summary>
    Invalid,
}
