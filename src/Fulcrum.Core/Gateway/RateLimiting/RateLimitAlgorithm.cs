namespace Fulcrum.Gateway.RateLimiting;

internal enum RateLimitAlgorithm
{
    /// <summary>A bucket of <c>burst</c> tokens refilled at limit / period; a request takes one.</summary>
    TokenBucket,

    /// <summary>At most limit requests in the last period, counted in segments that expire one at a time.</summary>
    SlidingWindow,

    /// <summary>At most limit requests per period, the count starting over at each period boundary.</summary>
    FixedWindow,

    /// <summary>At most limit requests in flight; a permit is returned when the response completes.</summary>
    Concurrency,
}
