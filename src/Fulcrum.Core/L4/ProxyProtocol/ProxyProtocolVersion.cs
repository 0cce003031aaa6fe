namespace Fulcrum.L4.ProxyProtocol;

internal enum ProxyProtocolVersion
{
    None,
    V1,
    V2,
}
