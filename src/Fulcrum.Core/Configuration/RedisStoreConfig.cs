namespace Fulcrum.Configuration;

internal sealed record RedisStoreConfig
{
    /// <summary>A StackExchange.Redis connection string, such as <c>127.0.0.1:6379</c>.</summary>
    public string Connection { get; init; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key Fulcrum writes, so several gateways can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "fulcrum:";

    /// <summary>Longest wait for Redis on a request before the policy's store-failure rule applies.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(250);
}
