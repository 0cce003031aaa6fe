using Fulcrum.Configuration;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// <c>{ type: rateLimit, algorithm: tokenBucket, limit: 100, period: 1m, burst: 20, partitionBy: consumer, scope: global }</c>:
/// at most <see cref="Limit"/> requests per <see cref="Period"/> (or in flight, for <c>concurrency</c>) for each
/// partition of the traffic, counted in this process (<c>local</c>) or in Redis across gateways (<c>global</c>).
/// </summary>
[PolicyType("rateLimit", typeof(RateLimitPolicyFactory))]
internal sealed record RateLimitPolicyConfig : PolicyConfig
{
    /// <summary>tokenBucket | slidingWindow | fixedWindow | concurrency.</summary>
    public string Algorithm { get; init; } = "tokenBucket";

    /// <summary>Requests allowed per period, or in flight at once for concurrency. Required, 1 to 1,000,000,000.</summary>
    public int Limit { get; init; }

    /// <summary>The time <see cref="Limit"/> applies to: required for the time-based algorithms, absent for concurrency.</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>tokenBucket only: the bucket's size, so the most requests accepted at once; default <see cref="Limit"/>.</summary>
    public int? Burst { get; init; }

    /// <summary>slidingWindow only: the window moves in steps of period / segments; default 10, 1 to 100.</summary>
    public int? Segments { get; init; }

    /// <summary>consumer | clientAddress | header | claim: who shares a limit.</summary>
    public string PartitionBy { get; init; } = "clientAddress";

    /// <summary>The header or claim name, for partitionBy header or claim.</summary>
    public string? PartitionKey { get; init; }

    /// <summary>local (this process) | global (shared through <c>stores.redis</c>).</summary>
    public string Scope { get; init; } = "local";

    /// <summary>global only: allow | deny requests while Redis is unreachable or slower than its timeout.</summary>
    public string OnStoreFailure { get; init; } = "allow";
}
