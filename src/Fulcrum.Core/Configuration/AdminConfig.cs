namespace Fulcrum.Configuration;

internal sealed record AdminConfig
{
    public string Address { get; init; } = "127.0.0.1:9901";

    /// <summary>Bearer token for the admin API; required when the address is not loopback.</summary>
    public string? Token { get; init; }
}
