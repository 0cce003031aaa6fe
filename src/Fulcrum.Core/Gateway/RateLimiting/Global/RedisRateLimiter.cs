using Fulcrum.Gateway.Stores;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Fulcrum.Gateway.RateLimiting.Global;

/// <summary>
/// A policy's limits counted in Redis, shared by every gateway that uses the same store, key prefix and policy
/// name: one script run per decision. When Redis fails or is slower than <c>stores.redis.timeout</c>, the
/// decision follows <c>onStoreFailure</c> and says so (<see cref="RateLimitDecision.StoreFailed"/>); the failure is
/// logged at most once per <see cref="ThrottledLog.DefaultInterval"/>.
/// Keys: <c>{keyPrefix}rl:{policy}:{algorithm}:{partition}</c>, such as <c>fulcrum:rl:per-key:tokenBucket:c:alice</c>.
/// </summary>
internal sealed class RedisRateLimiter : IAsyncDisposable
{
    private readonly RateLimitModel _model;
    private readonly RedisStore _store;
    private readonly RedisScript _script;
    private readonly RedisValue[] _arguments;
    private readonly string _keyPrefix;
    private readonly ThrottledLog _failures;
    private readonly ILogger _logger;

    public RedisRateLimiter(RateLimitModel model, RedisStore store, TimeProvider time, ILogger logger)
    {
        _model = model;
        _store = store;
        _logger = logger;
        _script = RedisScripts.For(model.Algorithm);
        _keyPrefix = $"{store.KeyPrefix}rl:{model.Name}:{RateLimitModel.NameOf(model.Algorithm)}:";
        _failures = new ThrottledLog(time);
        var shape = model.Algorithm == RateLimitAlgorithm.SlidingWindow ? model.Segments : model.Burst;
        _arguments = [model.Limit, (long)Math.Round(model.Period.TotalMilliseconds), shape, 1];
    }

    public RedisStore Store => _store;

    public async ValueTask<RateLimitDecision> AcquireAsync(PartitionKey key)
    {
        try
        {
            var result = (RedisResult[])(await _store.EvaluateAsync(_script, [new RedisKey(_keyPrefix + key)], _arguments))!;
            var allowed = (long)result[0] == 1;
            return new RateLimitDecision
            {
                Allowed = allowed,
                Remaining = (long)result[1],
                ResetAfter = TimeSpan.FromMilliseconds((long)result[2]),
                RetryAfter = TimeSpan.FromMilliseconds((long)result[3]),
            };
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or InvalidCastException)
        {
            var deny = _model.DenyOnStoreFailure;
            RateLimitLog.StoreFailed(_failures, _logger, _model.Name, deny ? "denied" : "allowed", e);
            return new RateLimitDecision { Allowed = !deny, StoreFailed = true };
        }
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();
}
