namespace Fulcrum.Configuration;

internal sealed record HealthCheckConfig
{
    public ActiveHealthCheckConfig? Active { get; init; }
    public PassiveHealthCheckConfig? Passive { get; init; }

    /// <summary>When every destination is unhealthy, send to all of them instead of answering 503.</summary>
    public bool PanicMode { get; init; }
}
