using System.Net;

namespace Fulcrum.L4.ProxyProtocol;

/// <summary>
/// What a PROXY protocol header says. <see cref="Source"/> is null when the header carries no address (v1
/// <c>UNKNOWN</c>, v2 <c>LOCAL</c> or an unspecified or unix family): the connection's own peer then stands.
/// </summary>
internal readonly record struct ProxyHeader(ProxyProtocolVersion Version, IPEndPoint? Source, IPEndPoint? Destination);
