using Fulcrum.Configuration;
using Fulcrum.Configuration.Validation;
using Fulcrum.Gateway.RateLimiting.Global;
using Fulcrum.Gateway.RateLimiting.Local;
using Fulcrum.Gateway.Stores;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.RateLimiting;

internal sealed class RateLimitPolicyFactory : IPolicyFactory
{
    /// <summary>Long enough for a monthly quota, short enough that every period fits the clocks' tick counts.</summary>
    internal static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var limit = (RateLimitPolicyConfig)config;
        ConfigValidator.OneOf(errors, $"{path}.algorithm", limit.Algorithm, RateLimitModel.Algorithms);
        ConfigValidator.OneOf(errors, $"{path}.partitionBy", limit.PartitionBy, RateLimitModel.PartitionSources);
        ConfigValidator.OneOf(errors, $"{path}.scope", limit.Scope, RateLimitModel.Scopes);
        ConfigValidator.OneOf(errors, $"{path}.onStoreFailure", limit.OnStoreFailure, RateLimitModel.StoreFailureRules);

        if (limit.Limit == 0)
        {
            errors.Add($"{path}.limit", "a limit is required: the requests allowed per period (in flight, for concurrency), from 1");
        }
        else
        {
            ConfigValidator.InRange(errors, $"{path}.limit", limit.Limit, 1, RateLimitModel.MaxLimit);
        }

        var concurrency = limit.Algorithm == "concurrency";
        if (concurrency && limit.Period is not null)
        {
            errors.Add($"{path}.period", "concurrency counts requests in flight and takes no period");
        }
        else if (!concurrency && limit.Period is null)
        {
            errors.Add($"{path}.period", $"a period is required for {limit.Algorithm}, such as 1s or 1m");
        }
        else if (limit.Period is { } period && (period < TimeSpan.FromMilliseconds(1) || period > MaxPeriod))
        {
            errors.Add($"{path}.period", $"must be from 1ms to {MaxPeriod.TotalDays:0}d");
        }

        if (limit.Burst is { } burst)
        {
            if (limit.Algorithm != "tokenBucket")
            {
                errors.Add($"{path}.burst", "burst applies to algorithm tokenBucket only");
            }
            else
            {
                ConfigValidator.InRange(errors, $"{path}.burst", burst, 1, RateLimitModel.MaxLimit);
            }
        }

        if (limit.Segments is { } segments)
        {
            if (limit.Algorithm != "slidingWindow")
            {
                errors.Add($"{path}.segments", "segments applies to algorithm slidingWindow only");
            }
            else
            {
                ConfigValidator.InRange(errors, $"{path}.segments", segments, 1, RateLimitModel.MaxSegments);
            }
        }

        if (limit.Algorithm == "slidingWindow" && limit.Period is { } window
            && window / (limit.Segments ?? RateLimitModel.DefaultSegments) < TimeSpan.FromMilliseconds(1))
        {
            errors.Add($"{path}.segments", "each segment (period / segments) must be at least 1ms");
        }

        ValidatePartition(limit, path, errors);
        if (limit.Scope == "global")
        {
            ValidateGlobal(limit, path, root, errors);
        }
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var model = RateLimitModel.From(name, (RateLimitPolicyConfig)config);
        var keys = new PartitionKeySource(model.PartitionBy, model.PartitionKey);
        var logger = context.LoggerFactory.CreateLogger(typeof(RateLimitPolicy).FullName!);
        if (model.Global)
        {
            var store = RedisStore.Connect(context.Root.Stores.Redis!, context.Time, context.LoggerFactory);
            var global = new RedisRateLimiter(model, store, context.Time, logger);
            return new RateLimitPolicy(model, keys, global, logger);
        }

        return new RateLimitPolicy(model, keys, new LocalRateLimiter(model, context.Time, logger), logger);
    }

    private static void ValidatePartition(RateLimitPolicyConfig limit, string path, ConfigErrors errors)
    {
        var keyed = limit.PartitionBy is "header" or "claim";
        if (keyed && string.IsNullOrEmpty(limit.PartitionKey))
        {
            var what = limit.PartitionBy == "header" ? "the header's name, such as X-Api-Key" : "the claim's type, such as sub";
            errors.Add($"{path}.partitionKey", $"partitionBy {limit.PartitionBy} needs partitionKey: {what}");
        }
        else if (!keyed && limit.PartitionKey is not null)
        {
            errors.Add($"{path}.partitionKey", "partitionKey applies to partitionBy header or claim only");
        }
        else if (limit.PartitionBy == "header")
        {
            HeaderRules.Name(errors, $"{path}.partitionKey", limit.PartitionKey!);
        }
    }

    private static void ValidateGlobal(RateLimitPolicyConfig limit, string path, GatewayConfig root, ConfigErrors errors)
    {
        if (limit.Algorithm == "concurrency")
        {
            errors.Add($"{path}.scope",
                "concurrency is counted per gateway: use scope local (a permit kept in Redis would outlive a gateway that stopped without returning it)");
        }

        if (root.Stores.Redis is not { } redis)
        {
            errors.Add($"{path}.scope", "scope global needs stores.redis, such as `stores: { redis: { connection: 127.0.0.1:6379 } }`");
            return;
        }

        // Several global policies share the one store: report its problems once.
        if (errors.Items.Any(e => e.Path.StartsWith("stores.redis", StringComparison.Ordinal)))
        {
            return;
        }

        if (RedisStore.CheckConnection(redis.Connection) is { } problem)
        {
            errors.Add("stores.redis.connection", problem);
        }

        if (redis.Timeout < TimeSpan.FromMilliseconds(1) || redis.Timeout > TimeSpan.FromSeconds(30))
        {
            errors.Add("stores.redis.timeout", "must be from 1ms to 30s");
        }
    }
}
