using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fulcrum.Clusters;
using Fulcrum.Runtime;

namespace Fulcrum.Observability;

/// <summary>
/// The gateway's own instruments, meter <c>Fulcrum</c>. Tags are names from the config (route, cluster,
/// destination, listener) and a status class, so cardinality is bounded by the config, never by traffic.
/// A request is counted in plain cells (<see cref="RequestCounts"/>) read at collection time; its duration costs a branch
/// when nobody listens. Upstream call durations come from .NET's own
/// <c>http.client.request.duration</c> and connections from Kestrel's <c>kestrel.*</c> instruments.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Fulcrum";

    private static readonly string[] StatusClasses = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx"];

    /// <summary>
    /// Policies are compiled without the gateway's services (PolicyContext carries no metrics), so their
    /// instruments live on a meter of the same name created here once; exporters subscribe by meter name, so they
    /// are published beside the others. Tags are the policy's and route's config names.
    /// </summary>
    private static readonly Meter PolicyMeter = new(MeterName);

    private static readonly Counter<long> RateLimitRejections = PolicyMeter.CreateCounter<long>(
        "fulcrum.ratelimit.rejections", "{request}", "Requests refused by a rate-limit policy (429, or 503 when its store failed and it denies).");

    /// <summary>Requests that reached no destination (no route, refused by a policy, none available).</summary>
    private readonly RequestCounts _withoutDestination = new();
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _reloads;
    private volatile GatewayRuntime? _runtime;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("fulcrum.requests", ObserveRequests, "{request}", "Requests handled, by route, cluster, destination and status class.");
        _duration = meter.CreateHistogram<double>("fulcrum.request.duration", "s", "Time from routing to the end of the response.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _retries = meter.CreateCounter<long>("fulcrum.retries", "{retry}", "Requests sent again to another destination.");
        _reloads = meter.CreateCounter<long>("fulcrum.config.reloads", "{reload}", "Configuration reload attempts, by result.");
        meter.CreateObservableGauge("fulcrum.config.generation", () => _runtime?.Generation ?? 0, "{generation}", "Configurations applied since start.");
        meter.CreateObservableGauge("fulcrum.destination.available", ObserveAvailable, "{destination}", "1 when the destination receives new requests.");
        meter.CreateObservableGauge("fulcrum.destination.in_flight", ObserveInFlight, "{request}", "Requests in flight per destination.");
        meter.CreateObservableGauge("fulcrum.listener.active_connections", ObserveConnections, "{connection}", "Open client connections per listener.");
    }

    /// <summary>Lets the gauges read the runtime they describe.</summary>
    public void Observe(GatewayRuntime runtime) => _runtime = runtime;

    /// <summary>
    /// One request's end. The count goes to the destination's cells (or the gateway's, when it reached none), read at
    /// collection time; the duration to the histogram, when anyone listens.
    /// </summary>
    public void RecordRequest(string route, string cluster, DestinationState? destination, int status, TimeSpan elapsed)
    {
        (destination?.RequestCounts ?? _withoutDestination).Count(route, cluster, status);
        if (!_duration.Enabled)
        {
            return;
        }

        var statusClass = StatusClasses[RequestCounts.StatusClassOf(status)];
        var durationTags = new TagList { { "route", route }, { "cluster", cluster }, { "status_class", statusClass } };
        _duration.Record(elapsed.TotalSeconds, durationTags);
    }

    public void RecordRetry(string route, string cluster) =>
        _retries.Add(1, new KeyValuePair<string, object?>("route", route), new KeyValuePair<string, object?>("cluster", cluster));

    public static void RecordRateLimitRejection(string policy, string route) =>
        RateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("route", route));

    public void RecordReload(bool succeeded) =>
        _reloads.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));

    /// <summary>
    /// Every destination's cells, then those of requests without one. A destination a reload removed takes its series
    /// with it (as a restart would: Prometheus reads a counter that starts again from zero as a reset).
    /// </summary>
    private IEnumerable<Measurement<long>> ObserveRequests()
    {
        foreach (var measurement in Measurements(_withoutDestination, ""))
        {
            yield return measurement;
        }

        if (_runtime is not { } runtime)
        {
            yield break;
        }

        foreach (var cluster in runtime.Clusters.Values)
        {
            foreach (var destination in cluster.All.Items)
            {
                foreach (var measurement in Measurements(destination.RequestCounts, destination.Name))
                {
                    yield return measurement;
                }
            }
        }
    }

    private static IEnumerable<Measurement<long>> Measurements(RequestCounts counts, string destination)
    {
        foreach (var series in counts.All)
        {
            for (var statusClass = 0; statusClass < RequestCounts.StatusClassCount; statusClass++)
            {
                var count = Volatile.Read(ref series.Counts[statusClass]);
                if (count > 0)
                {
                    yield return new Measurement<long>(count,
                        new KeyValuePair<string, object?>("route", series.Route), new KeyValuePair<string, object?>("cluster", series.Cluster),
                        new KeyValuePair<string, object?>("destination", destination), new KeyValuePair<string, object?>("status_class", StatusClasses[statusClass]));
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveAvailable()
    {
        if (_runtime is not { } runtime)
        {
            yield break;
        }

        foreach (var cluster in runtime.Clusters.Values)
        {
            var available = cluster.Available.Items;
            foreach (var destination in cluster.All.Items)
            {
                yield return new Measurement<int>(Array.IndexOf(available, destination) >= 0 ? 1 : 0,
                    new KeyValuePair<string, object?>("cluster", cluster.Name), new KeyValuePair<string, object?>("destination", destination.Name));
            }
        }
    }

    private IEnumerable<Measurement<int>> ObserveInFlight()
    {
        if (_runtime is not { } runtime)
        {
            yield break;
        }

        foreach (var cluster in runtime.Clusters.Values)
        {
            foreach (var destination in cluster.All.Items)
            {
                yield return new Measurement<int>(destination.InFlight,
                    new KeyValuePair<string, object?>("cluster", cluster.Name), new KeyValuePair<string, object?>("destination", destination.Name));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveConnections()
    {
        if (_runtime is not { } runtime)
        {
            yield break;
        }

        foreach (var listener in runtime.Listeners.Values)
        {
            yield return new Measurement<long>(listener.ActiveConnections, [new KeyValuePair<string, object?>("listener", listener.Name)]);
        }
    }
}
