namespace Fulcrum.Configuration;

/// <summary>
/// Retries of idempotent requests without a body, each on a destination not yet tried, after a connect failure
/// or an upstream status in <see cref="OnStatus"/>.
/// </summary>
internal sealed record RetryConfig
{
    /// <summary>Retries after the first try (0 to 10); 0 turns retries off.</summary>
    public int Attempts { get; init; }

    /// <summary>Upstream statuses that are retried, such as <c>503</c> or <c>502-504</c>.</summary>
    public IReadOnlyList<string> OnStatus { get; init; } = [];
}
