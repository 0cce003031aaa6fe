namespace Fulcrum.L4.ProxyProtocol;

/// <summary>The parser's verdict; <see cref="Length"/> is how many bytes the header took when parsed.</summary>
internal readonly record struct ProxyHeaderResult(ProxyHeaderStatus Status, int Length, ProxyHeader Header, string? Error) : IPrefixResult
{
    public bool IsIncomplete => Status == ProxyHeaderStatus.Incomplete;

    public int Consumed => Status == ProxyHeaderStatus.Parsed ? Length : 0;

    public static readonly ProxyHeaderResult Incomplete = new(ProxyHeaderStatus.Incomplete, 0, default, null);

    public static ProxyHeaderResult Invalid(string error) => new(ProxyHeaderStatus.Invalid, 0, default, error);

    public static ProxyHeaderResult Parsed(int length, ProxyHeader header) => new(ProxyHeaderStatus.Parsed, length, header, null);
}
