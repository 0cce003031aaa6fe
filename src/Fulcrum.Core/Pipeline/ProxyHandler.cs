using System.Diagnostics;
using System.Globalization;
using Fulcrum.Clusters;
using Fulcrum.Health;
using Fulcrum.Listeners;
using Fulcrum.LoadBalancing;
using Fulcrum.Observability;
using Fulcrum.Pipeline.Http1;
using Fulcrum.Resilience;
using Fulcrum.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Pipeline;

/// <summary>
/// The layer 7 request flow, the terminal handler of every HTTP listener:
/// <code>
///   Kestrel ─► route match ─► pick destination ─► IHttpForwarder.SendAsync ─► classify result
///                  │ none          │ none available          (transformer:        │ upstream failed,
///                  ▼               ▼                          path, Host, XFF,     │ idempotent, no body,
///                 404             503                         headers)            ▼ attempts left
///                                                                           retry on a destination not yet tried
/// </code>
/// The whole request reads the listener model it started with, so a reload never changes a request midway.
/// </summary>
internal sealed class ProxyHandler
{
    private readonly IHttpForwarder _forwarder;
    private readonly Http1Forwarder _http1;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<ProxyHandler> _logger;
    private volatile AccessLogWriter? _accessLog;

    public ProxyHandler(IHttpForwarder forwarder, TimeProvider time, IRandomSource random, GatewayMetrics metrics, ILogger<ProxyHandler> logger)
    {
        _forwarder = forwarder;
        _http1 = new Http1Forwarder(time);
        _time = time;
        _random = random;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Swapped by a reload; null when the access log is off.</summary>
    public AccessLogWriter? AccessLog
    {
        get => _accessLog;
        set => _accessLog = value;
    }

    public async Task HandleAsync(HttpContext context, ListenerState listener)
    {
        var started = _time.GetTimestamp();
        var model = listener.Model;
        var accessLog = _accessLog;
        CountingStream? counted = null;
        if (accessLog is not null)
        {
            counted = new CountingStream(context.Response.Body);
            context.Response.Body = counted;
        }

        // CONNECT asks the gateway to open a tunnel to an address of the client's choosing, which it never does; the
        // forwarder cannot send one either, and used to fail it as an upstream error (502), counted against the
        // destination's passive health, so a few CONNECTs could eject a healthy destination. HTTP/2's extended
        // CONNECT (RFC 8441, WebSockets over h2) names a protocol, not an address, and is forwarded as usual.
        var connect = HttpMethods.IsConnect(context.Request.Method)
            && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect != true;
        var pathAccepted = !connect && RequestPathNormalizer.TryNormalize(context.Request);

        // Indexed rather than foreach: an interface enumerator would allocate on every request.
        var claimsSources = model.Routes.ClaimsSources;
        for (var i = 0; i < claimsSources.Count; i++)
        {
            var preparing = claimsSources[i].PrepareAsync(context);
            if (!preparing.IsCompletedSuccessfully)
            {
                await preparing;
            }
        }

        var route = pathAccepted ? model.Routes.Find(context.Request) : null;
        ProxyRequestFeature? feature = null;
        // When the last attempt ended (its clock read serves as the request's end too: nothing is left to send then).
        long ended = 0;
        using var activity = route is null ? null : GatewayTracing.StartProxy(context, route.Name);
        try
        {
            if (connect)
            {
                context.Response.Headers.Allow = GatewayResponses.AllowedMethods;
                await GatewayResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, GatewayResponses.ConnectRefused);
                return;
            }

            if (!pathAccepted)
            {
                await GatewayResponses.WriteAsync(context, StatusCodes.Status400BadRequest, GatewayResponses.AmbiguousPath);
                return;
            }

            if (route is null)
            {
                await GatewayResponses.WriteAsync(context, StatusCodes.Status404NotFound, GatewayResponses.NoRoute);
                return;
            }

            feature = new ProxyRequestFeature
            {
                Listener = model,
                Route = route,
                UpgradableRequest = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true,
                CanHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true,
            };
            context.Features.Set(feature);
            foreach (var policy in route.Policies)
            {
                if (!await policy.ApplyAsync(context, feature))
                {
                    return;
                }
            }

            // Forwarding, with its retries, runs in this method's own state machine rather than in an async method
            // of its own: a request waiting for its destination then costs one box, and the answer resumes this
            // method straight from the forwarder, with no hop through a callee's continuation.
            var cluster = route.ClusterModel;
            var available = route.Cluster.Selectable(cluster);
            var destination = cluster.LoadBalancer.Pick(cluster.HashKey.ContextFor(context), available);
            if (destination is null)
            {
                feature.Flags |= AccessLogFlags.NoHealthyUpstream;
                GatewayLog.NoHealthyDestination(_logger, route.Name, route.Cluster.Name);
                await GatewayResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, cluster.NoHealthyDestinationBody);
                return;
            }

            var retriesLeft = IsRetryable(context.Request, feature) ? cluster.Retries.Attempts : 0;
            var upgrade = IsUpgrade(context, feature);
            List<DestinationState>? tried = null;
            var error = ForwarderError.None;
            var grpcFailure = false;
            while (destination is not null)
            {
                feature.Destination = destination;
                feature.Attempts++;
                feature.RetryStatus = 0;
                feature.MayRetry = retriesLeft > 0 && available.Count > (tried?.Count ?? 0) + 1;
                destination.RequestStarted();
                var sent = _time.GetTimestamp();
                error = await SendAsync(context, route, feature, destination, upgrade);
                destination = EndAttempt(context, route, feature, destination, error, sent, ref retriesLeft, ref tried, ref available, out grpcFailure, out ended);
            }

            if (grpcFailure)
            {
                ended = 0;
                // The forwarder answered a bare 502/504; a gRPC client needs the failure as grpc-status.
                await GrpcResponses.WriteAsync(
                    context, GrpcResponses.Unavailable, $"destination {feature.Destination!.Name} of cluster {route.Cluster.Name} failed: {error}");
            }
        }
        finally
        {
            var elapsed = ended != 0 ? _time.GetElapsedTime(started, ended) : _time.GetElapsedTime(started);
            var status = context.Response.StatusCode;
            var destinationName = feature?.Destination?.Name;
            _metrics.RecordRequest(route?.Name ?? "", route?.Cluster.Name ?? "", feature?.Destination, status, elapsed);
            if (activity is not null)
            {
                activity.SetTag("http.response.status_code", status);
                activity.SetTag("fulcrum.cluster", route?.Cluster.Name);
                activity.SetTag("fulcrum.destination", destinationName);
                if (status >= 500)
                {
                    activity.SetStatus(ActivityStatusCode.Error);
                }
            }

            if (accessLog is not null)
            {
                var flags = feature?.Flags ?? AccessLogFlags.NoRoute;
                if (context.RequestAborted.IsCancellationRequested)
                {
                    flags |= AccessLogFlags.DownstreamDisconnect;
                }

                accessLog.Write(Entry(context, model, route, feature, status, counted!.Written, elapsed, flags));
            }
        }
    }

    /// <summary>
    /// HTTP/1.1 to http:// destinations takes the lean path (from HTTP/1.x and HTTP/2 clients); HTTP/2 upstreams, TLS
    /// upstreams, upgrades and gRPC stay on YARP. The forwarder's own task is returned, not awaited here.
    /// </summary>
    private ValueTask<ForwarderError> SendAsync(HttpContext context, RouteModel route, ProxyRequestFeature feature, DestinationState destination, bool upgrade)
    {
        var cluster = route.ClusterModel;
        return !upgrade && Http1Forwarder.Accepts(context, cluster, destination.Model)
            ? _http1.SendAsync(context, destination, route, feature, route.RequestConfig)
            : _forwarder.SendAsync(
                context, destination.Model.Prefix, cluster.Invoker, upgrade ? route.UpgradeRequestConfig : route.RequestConfig, route.Transformer);
    }

    /// <summary>
    /// Accounts for one attempt (the destination's counters and passive health, the access log's flags) and decides
    /// what follows: the destination to retry on, or null when the exchange is over. <paramref name="grpcFailure"/>:
    /// the destination failed a gRPC request before answering, so the client is owed a grpc-status.
    /// </summary>
    private DestinationState? EndAttempt(
        HttpContext context, RouteModel route, ProxyRequestFeature feature, DestinationState destination, ForwarderError error, long sent,
        ref int retriesLeft, ref List<DestinationState>? tried, ref DestinationSet available, out bool grpcFailure, out long ended)
    {
        var cluster = route.ClusterModel;
        var state = route.Cluster;
        grpcFailure = false;
        ended = _time.GetTimestamp();
        var upstreamElapsed = _time.GetElapsedTime(sent, ended);
        feature.UpstreamDuration = upstreamElapsed;
        var failed = feature.RetryStatus != 0 || IsUpstreamFailure(error)
            || (error == ForwarderError.None && cluster.PassiveHealth?.FailureStatus.Contains(context.Response.StatusCode) == true);
        destination.RequestEnded(failed || context.Response.StatusCode >= 500, upstreamElapsed);
        PassiveHealthRecorder.Record(state, cluster, destination, failed, _time, _logger);
        feature.Flags |= FlagsFor(error);

        var retry = feature.RetryStatus != 0
            || (retriesLeft > 0 && IsRetryableError(error) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested);
        if (!retry)
        {
            if (IsUpstreamFailure(error))
            {
                GatewayLog.ForwardFailed(_logger, route.Name, destination.Name, error, context.Features.Get<IForwarderErrorFeature>()?.Exception);
                grpcFailure = !context.Response.HasStarted && GrpcResponses.IsGrpc(context.Request);
            }
            else if (error != ForwarderError.None)
            {
                // The client went away or sent a broken body: routine at any volume, not the destination's fault.
                GatewayLog.ClientAborted(_logger, route.Name, destination.Name, error);
            }

            return null;
        }

        (tried ??= []).Add(destination);
        available = state.Selectable(cluster);
        var next = UntriedDestinations.Pick(available, tried, _random);
        if (next is null)
        {
            if (feature.RetryStatus != 0)
            {
                // The retryable answer was swallowed and nowhere is left to try: pass its status on.
                context.Response.Clear();
                context.Response.StatusCode = feature.RetryStatus;
            }

            return null;
        }

        GatewayLog.Retrying(_logger, route.Name, destination.Name, next.Name, feature.RetryStatus != 0 ? feature.RetryStatus.ToString(CultureInfo.InvariantCulture) : error.ToString());
        _metrics.RecordRetry(route.Name, state.Name);
        feature.Flags |= AccessLogFlags.Retried;
        context.Response.Clear();
        context.Features.Set<IForwarderErrorFeature?>(null);
        retriesLeft--;
        return next;
    }

    private static AccessLogFlags FlagsFor(ForwarderError error) => error switch
    {
        ForwarderError.None => AccessLogFlags.None,
        ForwarderError.RequestTimedOut => AccessLogFlags.UpstreamTimeout,
        _ when IsUpstreamFailure(error) => AccessLogFlags.UpstreamFailure,
        _ => AccessLogFlags.None,
    };

    private AccessLogEntry Entry(
        HttpContext context, ListenerModel listener, RouteModel? route, ProxyRequestFeature? feature, int status, long bytes, TimeSpan elapsed, AccessLogFlags flags)
    {
        var request = context.Request;
        var headers = request.Headers;
        return new AccessLogEntry(
            _time.GetUtcNow(),
            (feature?.ClientAddress(context) ?? context.Connection.RemoteIpAddress)?.ToString() ?? "-",
            request.Method,
            request.Host.Value ?? "",
            request.Path.Value + request.QueryString.Value,
            request.Protocol,
            status,
            bytes,
            elapsed,
            feature?.UpstreamDuration,
            listener.Name,
            route?.Name,
            route?.Cluster.Name,
            feature?.Destination?.Name,
            feature?.Consumer,
            headers.UserAgent.Count > 0 ? headers.UserAgent.ToString() : null,
            headers.Referer.Count > 0 ? headers.Referer.ToString() : null,
            flags);
    }

    /// <summary>A WebSocket (or other upgrade) over HTTP/1.1, or an HTTP/2 extended CONNECT (whose method is CONNECT).</summary>
    private static bool IsUpgrade(HttpContext context, ProxyRequestFeature feature) =>
        feature.UpgradableRequest
        || (HttpMethods.IsConnect(context.Request.Method) && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true);

    /// <summary>Only requests that can be sent twice without harm: idempotent methods with no body.</summary>
    private static bool IsRetryable(HttpRequest request, ProxyRequestFeature feature) =>
        IdempotentMethods.Contains(request.Method) && !feature.CanHaveBody;

    /// <summary>Failures before the upstream answered: nothing reached the client, so another destination may serve.</summary>
    private static bool IsRetryableError(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders;

    /// <summary>Failures that are the destination's fault (not the client's), for passive health.</summary>
    private static bool IsUpstreamFailure(ForwarderError error) => error is ForwarderError.Request
        or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeRequestDestination
        or ForwarderError.UpgradeResponseDestination;
}
