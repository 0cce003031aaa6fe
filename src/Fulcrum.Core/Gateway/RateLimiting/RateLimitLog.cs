using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// The rate-limit policies' log messages (event ids 62xx). A rejection is the policy working, so Debug; store
/// failures and a full partition table are warnings, written at most once per <see cref="ThrottledLog.DefaultInterval"/>.
/// </summary>
internal static partial class RateLimitLog
{
    [LoggerMessage(6201, LogLevel.Debug, "Policy {Policy}: {Partition} is over its limit; rejected with 429, retry after {RetryAfter}s")]
    public static partial void Rejected(ILogger logger, string policy, PartitionKey partition, long retryAfter);

    public static void StoreFailed(ThrottledLog throttle, ILogger logger, string policy, string rule, Exception error)
    {
        if (throttle.TryEnter(out var suppressed))
        {
            StoreFailed(logger, policy, rule, suppressed, Stores.RedisStore.Brief(error));
        }
    }

    public static void PartitionsFull(ThrottledLog throttle, ILogger logger, string policy, int max)
    {
        if (throttle.TryEnter(out var suppressed))
        {
            PartitionsFull(logger, policy, max, suppressed);
        }
    }

    [LoggerMessage(6202, LogLevel.Warning,
        "Policy {Policy}: the Redis store failed, requests are {Rule} until it answers ({Suppressed} more failures since the last message): {Error}")]
    private static partial void StoreFailed(ILogger logger, string policy, string rule, int suppressed, string error);

    [LoggerMessage(6203, LogLevel.Warning,
        "Policy {Policy}: {Max} partitions are held; new keys share one overflow limit until idle ones are freed ({Suppressed} more since the last message)")]
    private static partial void PartitionsFull(ILogger logger, string policy, int max, int suppressed);
}
