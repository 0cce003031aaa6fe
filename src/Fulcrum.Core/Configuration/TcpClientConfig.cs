namespace Fulcrum.Configuration;

/// <summary>A tcp cluster's connections towards its destinations.</summary>
internal sealed record TcpClientConfig
{
    /// <summary>Longest wait for a destination to accept; then the next destination is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
