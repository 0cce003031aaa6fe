using Fulcrum.Admin;
using Fulcrum.Configuration;
using Fulcrum.Observability;
using Fulcrum.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Hosting;

/// <summary>
/// The running gateway: the runtime, metrics and traces, the admin API, and when it came from a file, the
/// reloader and file watcher. Used by the CLI and, unchanged, by the functional tests, so the tests exercise
/// exactly what users run.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterProvider _meters;
    private readonly TracerProvider? _tracer;
    private readonly ConfigFileWatcher? _watcher;

    private GatewayHost(
        ServiceProvider services, MeterProvider meters, TracerProvider? tracer, GatewayRuntime runtime, ConfigReloader? reloader, ConfigFileWatcher? watcher)
    {
        _services = services;
        _meters = meters;
        _tracer = tracer;
        Runtime = runtime;
        Reloader = reloader;
        _watcher = watcher;
    }

    public GatewayRuntime Runtime { get; }

    /// <summary>Null when the gateway runs a config that did not come from a file (the demo).</summary>
    public ConfigReloader? Reloader { get; }

    public static async Task<GatewayHost> StartAsync(
        GatewayConfig config, string? configPath, ILoggerFactory loggerFactory, GatewayRuntimeOptions options, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddSingleton(loggerFactory)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddMetrics()
            .AddSingleton<GatewayMetrics>()
            .AddHttpForwarder()
            .BuildServiceProvider();
        var time = TimeProvider.System;
        var (meters, tracer) = BuildTelemetry(config.Observability.Otlp);
        var runtime = new GatewayRuntime(
            services.GetRequiredService<IHttpForwarder>(), services.GetRequiredService<GatewayMetrics>(), loggerFactory, time, options);
        var admin = new AdminApi(runtime, meters, time);
        runtime.Admin = admin;
        var source = configPath ?? "built-in demo";
        try
        {
            await runtime.ApplyAsync(config, source, cancellationToken);
        }
        catch
        {
            await runtime.DisposeAsync();
            meters.Dispose();
            tracer?.Dispose();
            await services.DisposeAsync();
            throw;
        }

        runtime.History.Add(new ReloadResult(true, runtime.Generation, "start", [], time.GetUtcNow()));
        ConfigReloader? reloader = null;
        ConfigFileWatcher? watcher = null;
        if (configPath is not null)
        {
            reloader = new ConfigReloader(configPath, runtime, loggerFactory, time);
            admin.Reloader = reloader;
            if (options.WatchConfigFile)
            {
                watcher = new ConfigFileWatcher(reloader, time);
            }
        }

        return new GatewayHost(services, meters, tracer, runtime, reloader, watcher);
    }

    /// <summary>
    /// One meter provider for the process: Prometheus text for the admin API always, OTLP when configured.
    /// Besides Fulcrum's own meter it takes .NET's HTTP client and Kestrel meters, which carry the
    /// semantic-convention instruments (http.client.request.duration, kestrel.active_connections).
    /// </summary>
    private static (MeterProvider Meters, TracerProvider? Tracer) BuildTelemetry(OtlpConfig? otlp)
    {
        var resource = ResourceBuilder.CreateDefault().AddService("fulcrum");
        var meters = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(GatewayMetrics.MeterName, "System.Net.Http", "Microsoft.AspNetCore.Server.Kestrel")
            // Two up-down counters updated twice per upstream request (and per connection state change) for figures
            // the gateway already has: fulcrum.destination.in_flight and kestrel/listener connection counts.
            .AddView("http.client.active_requests", MetricStreamConfiguration.Drop)
            .AddView("http.client.open_connections", MetricStreamConfiguration.Drop)
            // Two more up-down counters, updated twice per connection (and per request when Kestrel queues them): the
            // gateway never queues connections or requests in Kestrel, so they read 0 and cost only the updates.
            .AddView("kestrel.queued_connections", MetricStreamConfiguration.Drop)
            .AddView("kestrel.queued_requests", MetricStreamConfiguration.Drop)
            .AddPrometheusExporter();
        TracerProvider? tracer = null;
        if (otlp is not null)
        {
            var protocol = otlp.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            if (otlp.Metrics)
            {
                meters.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = Signal(otlp.Endpoint, protocol, "v1/metrics");
                    exporter.Protocol = protocol;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.ExportInterval.TotalMilliseconds;
                });
            }

            if (otlp.Traces)
            {
                tracer = Sdk.CreateTracerProviderBuilder()
                    .SetResourceBuilder(resource)
                    .AddSource(GatewayTracing.SourceName, GatewayTracing.HostingSourceName)
                    .AddOtlpExporter(exporter =>
                    {
                        exporter.Endpoint = Signal(otlp.Endpoint, protocol, "v1/traces");
                        exporter.Protocol = protocol;
                        exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)otlp.ExportInterval.TotalMilliseconds;
                    })
                    .Build();
            }
        }

        return (meters.Build(), tracer);
    }

    /// <summary>OTLP over HTTP posts each signal to its own path; gRPC uses the endpoint as given.</summary>
    private static Uri Signal(string endpoint, OtlpExportProtocol protocol, string path) =>
        protocol == OtlpExportProtocol.Grpc ? new Uri(endpoint) : new Uri(new Uri(endpoint.TrimEnd('/') + "/"), path);

    /// <summary>Stops accepting on every listener and waits for in-flight requests (up to the drain timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        await Runtime.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _watcher?.Dispose();
        await Runtime.DisposeAsync();
        _tracer?.Dispose();
        _meters.Dispose();
        await _services.DisposeAsync();
    }
}
