namespace Fulcrum.Configuration;

/// <summary>Ejects a destination after consecutive failed requests (connect errors, timeouts, failure statuses).</summary>
internal sealed record PassiveHealthCheckConfig
{
    public int ConsecutiveFailures { get; init; } = 5;
    public TimeSpan EjectFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Upstream statuses that count as failures; default 502, 503, 504.</summary>
    public IReadOnlyList<string> FailureStatus { get; init; } = ["502-504"];
}
