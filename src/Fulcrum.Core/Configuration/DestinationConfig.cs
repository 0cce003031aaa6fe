namespace Fulcrum.Configuration;

internal sealed record DestinationConfig
{
    /// <summary>
    /// <c>http://host:port</c> or <c>https://host:port</c>, optionally with a base path; <c>host:port</c> in tcp and
    /// udp clusters.
    /// </summary>
    public string Address { get; init; } = "";

    /// <summary>Relative share for weighted policies; 1 to 1000.</summary>
    public int Weight { get; init; } = 1;
}
