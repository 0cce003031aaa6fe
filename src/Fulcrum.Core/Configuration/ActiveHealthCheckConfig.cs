namespace Fulcrum.Configuration;

/// <summary>Periodic HTTP (or, with <see cref="Tcp"/>, TCP connect) probes, run in the background, never on the request path.</summary>
internal sealed record ActiveHealthCheckConfig
{
    public string Path { get; init; } = "/healthz";
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Consecutive successes that bring an unhealthy destination back.</summary>
    public int HealthyAfter { get; init; } = 2;

    /// <summary>Consecutive failures that take a healthy destination out.</summary>
    public int UnhealthyAfter { get; init; } = 3;

    /// <summary>Statuses that count as healthy: <c>200</c>, <c>2xx</c> or <c>200-399</c>. Default 200-399.</summary>
    public IReadOnlyList<string> ExpectedStatus { get; init; } = ["200-399"];

    /// <summary>tcp clusters: <c>tcp: {}</c> probes with a TCP connect instead of an HTTP request to <see cref="Path"/>.</summary>
    public TcpProbeConfig? Tcp { get; init; }
}
