using Fulcrum.Observability;
using Microsoft.AspNetCore.Http.Features;
using Fulcrum.Tests.Common;

namespace Fulcrum.Tests.Gateway.RateLimiting;

public class RateLimitPolicyTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task ApplyAsync_OverTheLimit_429WithRetryAfterDraftHeadersBodyAndFlag()
    {
        await using var policy = RateLimitTesting.Policy("limit: 2, period: 1m", _time);
        var feature = RateLimitTesting.Feature();
        await policy.ApplyAsync(RateLimitTesting.Context(), feature);
        await policy.ApplyAsync(RateLimitTesting.Context(), feature);
        var context = RateLimitTesting.Context();

        var proceed = await policy.ApplyAsync(context, feature);

        Assert.False(proceed);
        Assert.Equal(429, context.Response.StatusCode);
        Assert.Equal("30", context.Response.Headers.RetryAfter);
        Assert.Equal("\"p\";q=2;w=60", context.Response.Headers["RateLimit-Policy"]);
        Assert.Equal("\"p\";r=0;t=30", context.Response.Headers["RateLimit"]);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal("{\"error\":\"rate limit exceeded\",\"policy\":\"p\",\"retryAfter\":30,\"status\":429}\n", RateLimitTesting.Body(context));
        Assert.Equal(AccessLogFlags.RateLimited, feature.Flags);
    }

    [Fact]
    public async Task ApplyResponse_Allowed_DraftHeadersWithRemainingAndReset()
    {
        await using var policy = RateLimitTesting.Policy("algorithm: fixedWindow, limit: 5, period: 10s", _time);
        var context = RateLimitTesting.Context();
        var feature = RateLimitTesting.Feature();
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.True(await policy.ApplyAsync(context, feature));
        policy.ApplyResponse(context, feature);

        Assert.Equal("\"p\";q=5;w=10", context.Response.Headers["RateLimit-Policy"]);
        Assert.Equal("\"p\";r=4;t=7", context.Response.Headers["RateLimit"]);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task ApplyResponse_Concurrency_RemainingWithoutWindow()
    {
        await using var policy = RateLimitTesting.Policy("algorithm: concurrency, limit: 3", _time);
        var context = RateLimitTesting.Context();
        var feature = RateLimitTesting.Feature();

        Assert.True(await policy.ApplyAsync(context, feature));
        policy.ApplyResponse(context, feature);

        Assert.Equal("\"p\";q=3", context.Response.Headers["RateLimit-Policy"]);
        Assert.Equal("\"p\";r=2", context.Response.Headers["RateLimit"]);
    }

    [Fact]
    public async Task ApplyAsync_Concurrency_PermitReturnedWhenTheResponseCompletes()
    {
        await using var policy = RateLimitTesting.Policy("algorithm: concurrency, limit: 1", _time);
        var feature = RateLimitTesting.Feature();
        var first = RateLimitTesting.Context();
        var completion = new CompletingResponseFeature();
        first.Features.Set<IHttpResponseFeature>(completion);
        var second = RateLimitTesting.Context();

        Assert.True(await policy.ApplyAsync(first, feature));
        Assert.False(await policy.ApplyAsync(second, feature));
        await completion.CompleteAsync();

        Assert.Equal("1", second.Response.Headers.RetryAfter);
        Assert.True(await policy.ApplyAsync(RateLimitTesting.Context(), feature));
    }

    [Theory]
    [InlineData("partitionBy: header, partitionKey: X-Api-Key")]
    [InlineData("partitionBy: consumer")]
    [InlineData("partitionBy: clientAddress")]
    [InlineData("algorithm: fixedWindow, partitionBy: clientAddress")]
    [InlineData("algorithm: slidingWindow, partitionBy: clientAddress")]
    public async Task ApplyAsync_LocalTimeBasedLimitAllows_AllocatesNothing(string partition)
    {
        await using var policy = RateLimitTesting.Policy($"limit: 1000000000, period: 1s, {partition}", _time);
        var context = RateLimitTesting.Context("2001:db8::7");
        context.Request.Headers["X-Api-Key"] = "alice";
        var feature = RateLimitTesting.Feature();
        feature.Consumer = "alice";

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            if (!policy.ApplyAsync(context, feature).Result)
            {
                throw new InvalidOperationException("refused");
            }
        });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task ApplyResponse_SameStateAgain_ReusesItsHeaderValues()
    {
        await using var policy = RateLimitTesting.Policy("limit: 100, period: 1s", _time);
        var context = RateLimitTesting.Context();
        var feature = RateLimitTesting.Feature();
        await policy.ApplyAsync(context, feature);
        var headers = context.Response.Headers;

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            policy.ApplyResponse(context, feature);
            headers.Remove("RateLimit");
            headers.Remove("RateLimit-Policy");
        });

        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData("\u0000\u0001")]
    [InlineData("🙂🙂🙂")]
    [InlineData("' OR 1=1 --")]
    [InlineData("a,b,c,,,")]
    [InlineData("\"quoted\\\"")]
    public async Task ApplyAsync_GarbageHeaderValues_LimitedNeverThrows(string value)
    {
        await using var policy = RateLimitTesting.Policy("limit: 1, period: 1m, partitionBy: header, partitionKey: X-Key", _time);
        var feature = RateLimitTesting.Feature();
        var first = RateLimitTesting.Context();
        var second = RateLimitTesting.Context();
        first.Request.Headers["X-Key"] = value;
        second.Request.Headers["X-Key"] = value;

        Assert.True(await policy.ApplyAsync(first, feature));
        policy.ApplyResponse(first, feature);
        Assert.False(await policy.ApplyAsync(second, feature));
        Assert.Equal(429, second.Response.StatusCode);
    }

    /// <summary>Runs OnCompleted callbacks (RegisterForDispose among them) as the server does when a request ends.</summary>
    private sealed class CompletingResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        public override void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public async Task CompleteAsync()
        {
            foreach (var (callback, state) in _completed)
            {
                await callback(state);
            }
        }
    }
}
