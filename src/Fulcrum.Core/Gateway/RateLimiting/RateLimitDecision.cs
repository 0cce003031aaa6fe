namespace Fulcrum.Gateway.RateLimiting;

/// <summary>One answer of a limiter, as a value so that deciding allocates nothing.</summary>
internal readonly struct RateLimitDecision
{
    public bool Allowed { get; init; }

    /// <summary>Requests the partition may still make now (the RateLimit header's <c>r</c>).</summary>
    public long Remaining { get; init; }

    /// <summary>Allowed: time until the whole quota is available again (the RateLimit header's <c>t</c>).</summary>
    public TimeSpan ResetAfter { get; init; }

    /// <summary>Rejected: time until a request would be admitted (<c>Retry-After</c>, and <c>t</c> on a 429).</summary>
    public TimeSpan RetryAfter { get; init; }

    /// <summary>Concurrency: the permit to return when the response completes.</summary>
    public IDisposable? Permit { get; init; }

    /// <summary>The store could not decide (scope global); <see cref="Allowed"/> then follows <c>onStoreFailure</c>.</summary>
    public bool StoreFailed { get; init; }

    /// <summary>
    /// Seconds for <c>t</c> and <c>Retry-After</c>: rounded up, so a client that waits that long is admitted; a
    /// millisecond over a whole second is clock arithmetic, not a reason to say one second more.
    /// </summary>
    public static long Seconds(TimeSpan value) => value <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(value.TotalSeconds - 0.001);
}
