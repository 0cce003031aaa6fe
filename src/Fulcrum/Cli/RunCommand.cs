using System.CommandLine;
using Fulcrum.Configuration.Loading;
using Fulcrum.Demo;
using Fulcrum.Hosting;
using Fulcrum.Runtime;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Cli;

internal static class RunCommand
{
    public static void Configure(Command command)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The config file (YAML or JSON). Without it the built-in demo runs." };
        var demoAddress = new Option<string>("--demo-address")
        {
            Description = "Where the demo listens.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FULCRUM_DEMO_ADDRESS") ?? "127.0.0.1:8080",
        };
        var adminAddress = new Option<string>("--demo-admin-address")
        {
            Description = "Where the demo's admin API and dashboard listen.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FULCRUM_DEMO_ADMIN_ADDRESS") ?? "127.0.0.1:9901",
        };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Minimum log level.", DefaultValueFactory = _ => LogLevel.Information };
        var drain = new Option<TimeSpan>("--drain-timeout")
        {
            Description = "How long shutdown waits for in-flight requests.",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        };
        command.Options.Add(config);
        command.Options.Add(demoAddress);
        command.Options.Add(adminAddress);
        command.Options.Add(logLevel);
        command.Options.Add(drain);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(config), parse.GetValue(demoAddress)!, parse.GetValue(adminAddress)!, parse.GetValue(logLevel), parse.GetValue(drain), cancellationToken));
    }

    private static async Task<int> RunAsync(string? configPath, string demoAddress, string demoAdminAddress, LogLevel level, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        using var loggerFactory = GatewayLogging.CreateConsole(level);
        var logger = loggerFactory.CreateLogger("Fulcrum");
        DemoBackends? demo = null;
        ConfigLoadResult loaded;
        if (configPath is null)
        {
            demo = await DemoBackends.StartAsync(0, cancellationToken);
            loaded = ConfigLoader.LoadText(DemoConfig.Yaml(demoAddress, demoAdminAddress, demo.Backends), "built-in demo");
        }
        else
        {
            loaded = ConfigLoader.LoadFile(configPath);
        }

        if (!loaded.Succeeded)
        {
            ConfigErrorPrinter.Print(configPath ?? "built-in demo", loaded.Errors);
            return FulcrumCli.ExitInvalidConfig;
        }

        GatewayHost host;
        try
        {
            var options = new GatewayRuntimeOptions { DrainTimeout = drainTimeout };
            host = await GatewayHost.StartAsync(loaded.Config!, configPath, loggerFactory, options, cancellationToken);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"error: cannot start: {e.Message}");
            return FulcrumCli.ExitFailure;
        }

        await using (host)
        {
            // Before "listening" is announced: whoever reads that line may signal at once, and a SIGTERM that came
            // before the registration would take the default action (killed, exit 143) instead of a drain.
            using var signals = new SignalWaiter(() => _ = host.Reloader?.ReloadAsync("SIGHUP", CancellationToken.None));
            foreach (var listener in host.Runtime.Listeners.Values)
            {
                Console.WriteLine($"listening: {listener.Name} {listener.Model.Config.Protocol}://{listener.Server!.BoundEndPoint}");
            }

            if (host.Runtime.AdminEndPoint is { } admin)
            {
                Console.WriteLine($"listening: admin http://{admin}");
            }

            if (demo is not null)
            {
                PrintDemoHelp(host);
            }

            await signals.Shutdown;
            logger.LogInformation("Shutting down: draining in-flight requests (up to {Timeout})", drainTimeout);
            await host.StopAsync(CancellationToken.None);
        }

        if (demo is not null)
        {
            await demo.DisposeAsync();
        }

        return FulcrumCli.ExitOk;
    }

    private static void PrintDemoHelp(GatewayHost host)
    {
        var address = host.Runtime.Listeners["web"].Server!.BoundEndPoint;
        Console.WriteLine();
        Console.WriteLine("Fulcrum demo: text ×2, image ×2 and voice ×1 backends are running in this process.");
        Console.WriteLine("Try:");
        foreach (var (service, _) in DemoBackends.Layout)
        {
            Console.WriteLine($"  curl http://{address}/{service}");
        }

        Console.WriteLine($"  curl http://{address}/other        # no route: 404");
        if (host.Runtime.AdminEndPoint is { } admin)
        {
            Console.WriteLine($"Dashboard: http://{admin}/   metrics: http://{admin}/metrics   state: http://{admin}/api/state");
        }

        Console.WriteLine("Repeat a request to see round robin across instances. Ctrl+C stops.");
        Console.WriteLine();
    }
}
