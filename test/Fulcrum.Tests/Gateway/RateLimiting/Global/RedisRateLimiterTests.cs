using System.Diagnostics;
using Fulcrum.Configuration;
using Fulcrum.Gateway.RateLimiting;
using Fulcrum.Gateway.RateLimiting.Global;
using Fulcrum.Gateway.Stores;
using Fulcrum.Tests.Common;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.RateLimiting.Global;

/// <summary>The Redis scripts against a real redis-server: exact counts, keys that expire, and failures that follow the rule.</summary>
public sealed class RedisRateLimiterTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Theory]
    [InlineData("tokenBucket")]
    [InlineData("fixedWindow")]
    [InlineData("slidingWindow")]
    public async Task AcquireAsync_Algorithm_ExactlyTheLimitThenRefusedAndTheKeyExpires(string algorithm)
    {
        await using var limiter = await LimiterAsync($"algorithm: {algorithm}, limit: 5, period: 1h");
        var key = PartitionKey.ForText(PartitionKind.Consumer, "alice");

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 6; i++)
        {
            decisions.Add(await limiter.AcquireAsync(key));
        }

        Assert.All(decisions, d => Assert.False(d.StoreFailed));
        Assert.Equal([true, true, true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([4, 3, 2, 1, 0], decisions.Take(5).Select(d => d.Remaining));
        Assert.InRange(decisions[5].RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        var ttl = long.Parse((await _redis.CommandAsync($"PTTL fulcrum:rl:p:{algorithm}:c:alice")).TrimStart(':').Trim());
        Assert.InRange(ttl, 1, 3_601_000);
        Assert.Equal(1, await _redis.KeyCountAsync());
    }

    [Fact]
    public async Task AcquireAsync_PartitionsCountedApart()
    {
        await using var limiter = await LimiterAsync("limit: 1, period: 1m");

        Assert.True((await limiter.AcquireAsync(PartitionKey.ForText(PartitionKind.Header, "a"))).Allowed);
        Assert.True((await limiter.AcquireAsync(PartitionKey.ForText(PartitionKind.Header, "b"))).Allowed);
        Assert.False((await limiter.AcquireAsync(PartitionKey.ForText(PartitionKind.Header, "a"))).Allowed);
    }

    [Fact]
    public async Task AcquireAsync_ScriptCacheFlushed_SendsTheScriptAgain()
    {
        await using var limiter = await LimiterAsync("limit: 3, period: 1m");
        var key = PartitionKey.ForText(PartitionKind.Consumer, "bob");
        await limiter.AcquireAsync(key);

        Assert.StartsWith("+OK", await _redis.CommandAsync("SCRIPT FLUSH"));
        var after = await limiter.AcquireAsync(key);

        Assert.False(after.StoreFailed);
        Assert.Equal(1, after.Remaining);
    }

    [Theory]
    [InlineData("allow", true)]
    [InlineData("deny", false)]
    public async Task AcquireAsync_RedisSlowerThanTheTimeout_RuleAppliesWithinTheTimeout(string rule, bool allowed)
    {
        await using var limiter = await LimiterAsync($"limit: 1000, period: 1m, onStoreFailure: {rule}", timeout: "100ms");
        var key = PartitionKey.ForText(PartitionKind.Consumer, "carol");
        await limiter.AcquireAsync(key);

        var sleeping = _redis.CommandAsync("DEBUG SLEEP 4");
        await Wait.UntilAsync(async () => !await AnswersWithinAsync(TimeSpan.FromMilliseconds(50)), "redis-server is busy sleeping");
        var clock = Stopwatch.StartNew();
        var decision = await limiter.AcquireAsync(key);
        var waited = clock.Elapsed;
        await sleeping;

        Assert.True(decision.StoreFailed);
        Assert.Equal(allowed, decision.Allowed);
        // Well under the 4 s Redis sleeps, with room for a busy machine (a 1 s bound failed once at load average 20).
        Assert.True(waited < TimeSpan.FromSeconds(2), $"waited {waited.TotalMilliseconds:0} ms with a 100 ms timeout");
    }

    [Fact]
    public async Task AcquireAsync_RedisGone_FailsAtOnceThenCountsAgainWhenBack()
    {
        await using var limiter = await LimiterAsync("limit: 100, period: 1m, onStoreFailure: deny");
        var key = PartitionKey.ForText(PartitionKind.Consumer, "dave");
        Assert.True((await limiter.AcquireAsync(key)).Allowed);

        await _redis.KillAsync();
        await Wait.UntilAsync(async () => (await limiter.AcquireAsync(key)).StoreFailed, "the limiter sees Redis gone");
        var clock = Stopwatch.StartNew();
        var down = await limiter.AcquireAsync(key);
        var waited = clock.Elapsed;
        await _redis.RestartAsync();
        await Wait.UntilAsync(async () => !(await limiter.AcquireAsync(key)).StoreFailed, "the limiter reconnects", TimeSpan.FromSeconds(20));

        Assert.False(down.Allowed);
        Assert.True(waited < TimeSpan.FromSeconds(1), $"waited {waited.TotalMilliseconds:0} ms for a Redis that is down (the timeout is 2 s)");
    }

    /// <summary>True when a PING on a new connection is answered within <paramref name="deadline"/>.</summary>
    private async Task<bool> AnswersWithinAsync(TimeSpan deadline)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, _redis.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            return await stream.ReadAsync(new byte[16], timeout.Token) > 0;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A limiter on the test's Redis, returned once connected so that its first answers are Redis's.</summary>
    private async Task<RedisRateLimiter> LimiterAsync(string settings, string timeout = "2s")
    {
        var model = RateLimitTesting.Model(settings + ", scope: global", $"stores: {{ redis: {{ connection: \"{_redis.Connection}\", timeout: {timeout} }} }}\n");
        var store = new RedisStoreConfig { Connection = _redis.Connection, Timeout = Duration.TryParse(timeout, out var t) ? t : default };
        var limiter = new RedisRateLimiter(model, RedisStore.Connect(store, TimeProvider.System, NullLoggerFactory.Instance), TimeProvider.System, NullLogger.Instance);
        await Wait.UntilAsync(() => limiter.Store.IsConnected, "the limiter is connected to redis-server");
        return limiter;
    }
}
