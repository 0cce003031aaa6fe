using Fulcrum.Gateway.RateLimiting.Global;
using Fulcrum.Gateway.RateLimiting.Local;
using Fulcrum.Observability;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// Counts each request against its partition's limit:
/// <code>
///   partition key ─► local limiter (this process) ─┬─ allowed ─► continue; RateLimit headers on the response
///   (consumer,        or Redis script (global)     ├─ over ────► 429, Retry-After, RateLimit headers, RL flag
///    address, …)                                   └─ store failed (global) ─► onStoreFailure: allow, or 503
/// </code>
/// The local success path allocates nothing: the key is a value, the decision is a value, and the headers of an
/// allowed response are read again from the partition (a policy is shared, so it keeps no per-request state).
/// A concurrency permit is registered for disposal with the response, so it is returned when the request ends,
/// whether it completed, failed or the client went away.
/// </summary>
internal sealed class RateLimitPolicy : IRequestPolicy, IAsyncDisposable
{
    private readonly RateLimitModel _model;
    private readonly PartitionKeySource _keys;
    private readonly LocalRateLimiter? _local;
    private readonly RedisRateLimiter? _global;
    private readonly RateLimitHeaders _headers;
    private readonly RateLimitResponses _responses;
    private readonly ILogger _logger;

    public RateLimitPolicy(RateLimitModel model, PartitionKeySource keys, LocalRateLimiter local, ILogger logger)
        : this(model, keys, logger)
    {
        _local = local;
    }

    public RateLimitPolicy(RateLimitModel model, PartitionKeySource keys, RedisRateLimiter global, ILogger logger)
        : this(model, keys, logger)
    {
        _global = global;
    }

    private RateLimitPolicy(RateLimitModel model, PartitionKeySource keys, ILogger logger)
    {
        _model = model;
        _keys = keys;
        _logger = logger;
        _headers = new RateLimitHeaders(model);
        _responses = new RateLimitResponses(model.Name);
    }

    public string Name => _model.Name;

    /// <summary>The local limiter, for tests that look at its partitions; null for scope global.</summary>
    internal LocalRateLimiter? Local => _local;

    /// <summary>The Redis limiter, for tests that wait for its connection; null for scope local.</summary>
    internal RedisRateLimiter? Global => _global;

    public ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request)
    {
        var key = _keys.For(context, request);
        if (_local is null)
        {
            return ApplyGlobalAsync(context, request, key);
        }

        var decision = _local.Acquire(key);
        if (!decision.Allowed)
        {
            return new ValueTask<bool>(RejectAsync(context, request, key, decision));
        }

        if (decision.Permit is { } permit)
        {
            context.Response.RegisterForDispose(permit);
        }

        return new ValueTask<bool>(true);
    }

    public void ApplyResponse(HttpContext context, ProxyRequestFeature request)
    {
        if (_local is not null)
        {
            if (_local.TryPeek(_keys.For(context, request), out var state))
            {
                _headers.WriteState(context.Response.Headers, state);
            }
        }
        else if (context.Items.TryGetValue(this, out var stored) && stored is StoredDecision { Value.StoreFailed: false } decision)
        {
            _headers.WriteState(context.Response.Headers, decision.Value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }

        if (_global is not null)
        {
            await _global.DisposeAsync();
        }
    }

    private async ValueTask<bool> ApplyGlobalAsync(HttpContext context, ProxyRequestFeature request, PartitionKey key)
    {
        var decision = await _global!.AcquireAsync(key);
        if (decision.StoreFailed)
        {
            if (decision.Allowed)
            {
                return true;
            }

            GatewayMetrics.RecordRateLimitRejection(_model.Name, request.Route.Name);
            var response = context.Response;
            response.Headers.RetryAfter = "1";
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, _responses.StoreUnavailable);
            return false;
        }

        if (!decision.Allowed)
        {
            return await RejectAsync(context, request, key, decision);
        }

        // Redis is not asked twice: the answer travels to ApplyResponse with the request.
        context.Items[this] = new StoredDecision(decision);
        return true;
    }

    private async Task<bool> RejectAsync(HttpContext context, ProxyRequestFeature request, PartitionKey key, RateLimitDecision decision)
    {
        request.Flags |= AccessLogFlags.RateLimited;
        GatewayMetrics.RecordRateLimitRejection(_model.Name, request.Route.Name);
        var retryAfter = Math.Max(1, RateLimitDecision.Seconds(decision.RetryAfter));
        RateLimitLog.Rejected(_logger, _model.Name, key, retryAfter);
        _headers.WriteRejected(context.Response.Headers, retryAfter);
        await WriteAsync(context, StatusCodes.Status429TooManyRequests, _responses.Rejected(retryAfter));
        return false;
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; there is no one to tell.
        }
    }

    private sealed class StoredDecision(RateLimitDecision value)
    {
        public RateLimitDecision Value { get; } = value;
    }
}
