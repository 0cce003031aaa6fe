using Fulcrum.Gateway.RateLimiting;
using Fulcrum.Tests.Configuration;

namespace Fulcrum.Tests.Gateway.RateLimiting;

/// <summary>A rateLimit policy is checked whole: every mistake reported at once with its key path and line.</summary>
public class RateLimitPolicyFactoryTests
{
    private const string Redis = "stores: { redis: { connection: 127.0.0.1:6379 } }\n";

    private static string Policy(string settings, string extra = "") =>
        TestConfigs.Minimal + $"policies:\n  p: {{ type: rateLimit, {settings} }}\n" + extra;

    [Theory]
    [InlineData("algorithm: tokenBucket, limit: 100, period: 1m, burst: 20, partitionBy: consumer")]
    [InlineData("algorithm: slidingWindow, limit: 10, period: 1s, segments: 4, partitionBy: header, partitionKey: X-Api-Key")]
    [InlineData("algorithm: fixedWindow, limit: 1000, period: 1h, partitionBy: claim, partitionKey: sub")]
    [InlineData("algorithm: concurrency, limit: 5")]
    [InlineData("limit: 10, period: 1s, scope: global, onStoreFailure: deny")]
    public void Load_ValidPolicy_Binds(string settings)
    {
        var config = TestConfigs.LoadValid(Policy(settings, Redis));

        Assert.IsType<RateLimitPolicyConfig>(config.Policies["p"]);
    }

    [Fact]
    public void Load_Defaults_TokenBucketPerClientAddressLocalBurstIsLimit()
    {
        var model = RateLimitTesting.Model("limit: 10, period: 1m");

        Assert.Equal(RateLimitAlgorithm.TokenBucket, model.Algorithm);
        Assert.Equal(PartitionSource.ClientAddress, model.PartitionBy);
        Assert.False(model.Global);
        Assert.False(model.DenyOnStoreFailure);
        Assert.Equal(10, model.Burst);
        Assert.Equal(TimeSpan.FromMinutes(1), model.Period);
    }

    [Theory]
    [InlineData("limit: -5, period: 1m", "policies.p.limit", "-5 is out of range (1 to 1000000000)")]
    [InlineData("period: 1m", "policies.p.limit", "a limit is required: the requests allowed per period (in flight, for concurrency), from 1")]
    [InlineData("algorithm: tokenBuckt, limit: 10, period: 1m", "policies.p.algorithm",
        "'tokenBuckt' is not one of tokenBucket, slidingWindow, fixedWindow, concurrency (did you mean 'tokenBucket'?)")]
    [InlineData("algorithm: leakyBucket, limit: 10, period: 1m", "policies.p.algorithm",
        "'leakyBucket' is not one of tokenBucket, slidingWindow, fixedWindow, concurrency")]
    [InlineData("limit: 10", "policies.p.period", "a period is required for tokenBucket, such as 1s or 1m")]
    [InlineData("limit: 10, period: 0s", "policies.p.period", "must be from 1ms to 366d")]
    [InlineData("algorithm: concurrency, limit: 10, period: 1s", "policies.p.period", "concurrency counts requests in flight and takes no period")]
    [InlineData("algorithm: fixedWindow, limit: 10, period: 1s, burst: 5", "policies.p.burst", "burst applies to algorithm tokenBucket only")]
    [InlineData("limit: 10, period: 1s, burst: 0", "policies.p.burst", "0 is out of range (1 to 1000000000)")]
    [InlineData("limit: 10, period: 1s, segments: 5", "policies.p.segments", "segments applies to algorithm slidingWindow only")]
    [InlineData("algorithm: slidingWindow, limit: 10, period: 1s, segments: 101", "policies.p.segments", "101 is out of range (1 to 100)")]
    [InlineData("algorithm: slidingWindow, limit: 10, period: 5ms", "policies.p.segments", "each segment (period / segments) must be at least 1ms")]
    [InlineData("limit: 10, period: 1s, partitionBy: header", "policies.p.partitionKey",
        "partitionBy header needs partitionKey: the header's name, such as X-Api-Key")]
    [InlineData("limit: 10, period: 1s, partitionBy: claim", "policies.p.partitionKey", "partitionBy claim needs partitionKey: the claim's type, such as sub")]
    [InlineData("limit: 10, period: 1s, partitionKey: X-Api-Key", "policies.p.partitionKey", "partitionKey applies to partitionBy header or claim only")]
    [InlineData("limit: 10, period: 1s, partitionBy: header, partitionKey: \"X Api\"", "policies.p.partitionKey", "'X Api' is not a valid header name")]
    [InlineData("limit: 10, period: 1s, partitionBy: ip", "policies.p.partitionBy",
        "'ip' is not one of consumer, clientAddress, header, claim")]
    [InlineData("limit: 10, period: 1s, scope: globl", "policies.p.scope", "'globl' is not one of local, global (did you mean 'global'?)")]
    [InlineData("limit: 10, period: 1s, onStoreFailure: block", "policies.p.onStoreFailure", "'block' is not one of allow, deny")]
    [InlineData("limit: 10, period: 1s, scope: global", "policies.p.scope",
        "scope global needs stores.redis, such as `stores: { redis: { connection: 127.0.0.1:6379 } }`")]
    public void Load_BadSetting_ReportedAtItsKey(string settings, string path, string message)
    {
        var error = TestConfigs.SingleError(Policy(settings), path);

        Assert.Equal(message, error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Load_GlobalConcurrency_RefusedWithReason()
    {
        var error = TestConfigs.SingleError(Policy("algorithm: concurrency, limit: 10, scope: global", Redis), "policies.p.scope");

        Assert.StartsWith("concurrency is counted per gateway: use scope local", error.Message);
    }

    [Fact]
    public void Load_UnknownKey_SuggestsTheRateLimitSetting()
    {
        var error = TestConfigs.SingleError(Policy("limit: 10, period: 1s, segmnets: 4"), "policies.p.segmnets");

        Assert.Equal("unknown key 'segmnets' (did you mean 'segments'?)", error.Message);
    }

    [Fact]
    public void Load_NegativePeriod_ReportedByTheBinder()
    {
        var error = TestConfigs.SingleError(Policy("limit: 10, period: -1s"), "policies.p.period");

        Assert.Equal("'-1s' is not a duration such as 500ms, 10s or 1m", error.Message);
    }

    [Fact]
    public void Load_SeveralMistakes_AllReportedAtOnce()
    {
        var result = TestConfigs.Load(Policy("algorithm: fixedWindw, limit: -1, period: 1s, partitionBy: header, scope: global"));

        Assert.Equal(
            ["policies.p.algorithm", "policies.p.limit", "policies.p.partitionKey", "policies.p.scope"],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("connection: \"\"", "stores.redis.connection", "a Redis endpoint is required, such as 127.0.0.1:6379")]
    [InlineData("connection: 127.0.0.1:6379, timeout: 0s", "stores.redis.timeout", "must be from 1ms to 30s")]
    [InlineData("connection: \"127.0.0.1:6379,bogus=1\"", "stores.redis.connection", "not a Redis connection string: ")]
    public void Load_GlobalWithBadStore_ReportsTheStoreKeyOnce(string redis, string path, string message)
    {
        var text = TestConfigs.Minimal + "policies:\n"
            + "  a: { type: rateLimit, limit: 10, period: 1s, scope: global }\n"
            + "  b: { type: rateLimit, limit: 20, period: 1s, scope: global }\n"
            + $"stores: {{ redis: {{ {redis} }} }}\n";

        var error = TestConfigs.SingleError(text, path);

        Assert.StartsWith(message, error.Message);
    }
}
