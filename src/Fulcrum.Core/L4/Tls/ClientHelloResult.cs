namespace Fulcrum.L4.Tls;

/// <summary>The ClientHello parser's verdict. Peeking consumes nothing: the bytes go on to the destination.</summary>
internal readonly record struct ClientHelloResult(ClientHelloStatus Status, string? ServerName, string? Error) : IPrefixResult
{
    public static readonly ClientHelloResult Incomplete = new(ClientHelloStatus.Incomplete, null, null);

    public bool IsIncomplete => Status == ClientHelloStatus.Incomplete;

    public int Consumed => 0;

    public static ClientHelloResult Invalid(string error) => new(ClientHelloStatus.Invalid, null, error);

    public static ClientHelloResult Parsed(string? serverName) => new(ClientHelloStatus.Parsed, serverName, null);
}
