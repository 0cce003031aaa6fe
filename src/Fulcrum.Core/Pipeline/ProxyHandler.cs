using Fulcrum.Clusters;
using Fulcrum.Listeners;
using Fulcrum.LoadBalancing;
using Fulcrum.Observability;
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
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly ILogger<ProxyHandler> _logger;

    public ProxyHandler(IHttpForwarder forwarder, TimeProvider time, IRandomSource random, ILogger<ProxyHandler> logger)
    {
        _forwarder = forwarder;
        _time = time;
        _random = random;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context, ListenerState listener)
    {
        var model = listener.Model;
        var route = model.Routes.Find(context.Request);
        if (route is null)
        {
            await GatewayResponses.WriteAsync(context, StatusCodes.Status404NotFound, GatewayResponses.NoRoute);
            return;
        }

        var cluster = route.ClusterModel;
        var state = route.Cluster;
        var feature = new ProxyRequestFeature { Listener = model, Route = route };
        context.Features.Set(feature);

        var available = Available(state, cluster);
        var destination = cluster.LoadBalancer.Pick(cluster.HashKey.ContextFor(context), available);
        if (destination is null)
        {
            GatewayLog.NoHealthyDestination(_logger, route.Name, state.Name);
            await GatewayResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, cluster.NoHealthyDestinationBody);
            return;
        }

        var retriesLeft = IsRetryable(context.Request, context) ? cluster.Retries.Attempts : 0;
        List<DestinationState>? tried = null;
        while (true)
        {
            feature.Destination = destination;
            feature.Attempts++;
            feature.RetryStatus = 0;
            feature.MayRetry = retriesLeft > 0 && available.Count > (tried?.Count ?? 0) + 1;

            destination.RequestStarted();
            var error = await _forwarder.SendAsync(
                context, destination.Model.Prefix, cluster.Invoker, route.RequestConfig, route.Transformer);
            var failed = feature.RetryStatus != 0 || IsUpstreamFailure(error)
                || (error == ForwarderError.None && cluster.PassiveHealth?.FailureStatus.Contains(context.Response.StatusCode) == true);
            destination.RequestEnded(failed);
            RecordPassiveHealth(state, cluster, destination, failed);

            var retry = feature.RetryStatus != 0
                || (retriesLeft > 0 && IsRetryableError(error) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested);
            if (!retry)
            {
                if (error != ForwarderError.None)
                {
                    GatewayLog.ForwardFailed(_logger, route.Name, destination.Name, error, context.Features.Get<IForwarderErrorFeature>()?.Exception);
                }

                return;
            }

            (tried ??= []).Add(destination);
            available = Available(state, cluster);
            var next = PickUntried(available, tried);
            if (next is null)
            {
                if (feature.RetryStatus != 0)
                {
                    // The retryable answer was swallowed and nowhere is left to try: pass its status on.
                    context.Response.Clear();
                    context.Response.StatusCode = feature.RetryStatus;
                }

                return;
            }

            GatewayLog.Retrying(_logger, route.Name, destination.Name, next.Name, feature.RetryStatus != 0 ? feature.RetryStatus.ToString() : error.ToString());
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature?>(null);
            retriesLeft--;
            destination = next;
        }
    }

    private static DestinationSet Available(ClusterState state, ClusterModel cluster)
    {
        var available = state.Available;
        return available.Count == 0 && cluster.PanicMode ? state.All : available;
    }

    private void RecordPassiveHealth(ClusterState state, ClusterModel cluster, DestinationState destination, bool failed)
    {
        if (cluster.PassiveHealth is not { } passive)
        {
            return;
        }

        if (!failed)
        {
            destination.Health.RecordSuccess();
            return;
        }

        var now = _time.GetTimestamp();
        var until = now + (long)(passive.EjectFor.TotalSeconds * _time.TimestampFrequency);
        if (destination.Health.RecordFailure(passive.ConsecutiveFailures, now, until))
        {
            GatewayLog.DestinationEjected(_logger, state.Name, destination.Name, passive.EjectFor);
            state.RecomputeAvailable();
        }
    }

    /// <summary>A retry goes to a random available destination that has not been tried for this request.</summary>
    private DestinationState? PickUntried(DestinationSet available, List<DestinationState> tried)
    {
        var untried = 0;
        foreach (var candidate in available.Items)
        {
            if (!tried.Contains(candidate))
            {
                untried++;
            }
        }

        if (untried == 0)
        {
            return null;
        }

        var chosen = _random.Next(untried);
        foreach (var candidate in available.Items)
        {
            if (!tried.Contains(candidate) && chosen-- == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Only requests that can be sent twice without harm: idempotent methods with no body.</summary>
    private static bool IsRetryable(HttpRequest request, HttpContext context)
    {
        var method = request.Method;
        var idempotent = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);
        return idempotent && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true;
    }

    /// <summary>Failures before the upstream answered: nothing reached the client, so another destination may serve.</summary>
    private static bool IsRetryableError(ForwarderError error) =>
        error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders;

    /// <summary>Failures that are the destination's fault (not the client's), for passive health.</summary>
    private static bool IsUpstreamFailure(ForwarderError error) => error is ForwarderError.Request
        or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeRequestDestination
        or ForwarderError.UpgradeResponseDestination;
}
