using Fulcrum.Configuration;
using Fulcrum.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Hosting;

/// <summary>
/// The running gateway: the runtime, and when it came from a file, the reloader and file watcher. Used by the
/// CLI and, unchanged, by the functional tests, so the tests exercise exactly what users run.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ConfigFileWatcher? _watcher;

    private GatewayHost(ServiceProvider services, GatewayRuntime runtime, ConfigReloader? reloader, ConfigFileWatcher? watcher)
    {
        _services = services;
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
            .AddHttpForwarder()
            .BuildServiceProvider();
        var time = TimeProvider.System;
        var runtime = new GatewayRuntime(services.GetRequiredService<IHttpForwarder>(), loggerFactory, time, options);
        try
        {
            await runtime.ApplyAsync(config, configPath ?? "built-in demo", cancellationToken);
        }
        catch
        {
            await runtime.DisposeAsync();
            await services.DisposeAsync();
            throw;
        }

        ConfigReloader? reloader = null;
        ConfigFileWatcher? watcher = null;
        if (configPath is not null)
        {
            reloader = new ConfigReloader(configPath, runtime, loggerFactory, time);
            if (options.WatchConfigFile)
            {
                watcher = new ConfigFileWatcher(reloader, time);
            }
        }

        return new GatewayHost(services, runtime, reloader, watcher);
    }

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
        await _services.DisposeAsync();
    }
}
