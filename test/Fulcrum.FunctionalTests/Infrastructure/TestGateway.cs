using Fulcrum.Configuration.Loading;
using Fulcrum.Hosting;
using Fulcrum.Runtime;
using Microsoft.Extensions.Logging;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// The real gateway (the same <see cref="GatewayHost"/> the CLI runs) started in-process from a config file in a
/// temporary directory, with listeners on 127.0.0.1:0. Rewrite the file to reload it.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly string _directory;

    private TestGateway(string directory, string path, GatewayHost host)
    {
        _directory = directory;
        ConfigPath = path;
        Host = host;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string ConfigPath { get; }

    public GatewayHost Host { get; }

    public GatewayRuntime Runtime => Host.Runtime;

    public HttpClient Client { get; }

    public static async Task<TestGateway> StartAsync(string yaml, bool watch = false, TimeSpan? drainTimeout = null, LogCapture? logs = null)
    {
        var directory = Directory.CreateTempSubdirectory("fulcrum-test-").FullName;
        var path = Path.Combine(directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var loaded = ConfigLoader.LoadFile(path);
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException("test config is invalid:\n" + string.Join("\n", loaded.Errors));
        }

        var options = new GatewayRuntimeOptions { WatchConfigFile = watch, DrainTimeout = drainTimeout ?? TimeSpan.FromSeconds(10) };
        var loggerFactory = logs is null ? TestLogging.Factory : TestLogging.With(logs);
        var host = await GatewayHost.StartAsync(loaded.Config!, path, loggerFactory, options, CancellationToken.None);
        return new TestGateway(directory, path, host);
    }

    /// <summary>The admin API's base URL (the config must have an <c>admin</c> section).</summary>
    public string AdminUrl => $"http://{Runtime.AdminEndPoint ?? throw new InvalidOperationException("no admin listener")}";

    /// <summary>The base URL of a listener (https:// for an https listener), with the port it really bound.</summary>
    public string Url(string listener = "web")
    {
        var state = Runtime.Listeners[listener];
        return $"{(state.Model.Config.Protocol == "https" ? "https" : "http")}://{state.Server!.BoundEndPoint}";
    }

    /// <summary>The address a listener really bound, for raw socket and TLS clients.</summary>
    public System.Net.IPEndPoint EndPoint(string listener = "web") => Runtime.Listeners[listener].Server!.BoundEndPoint;

    public Task WriteConfigAsync(string yaml) => File.WriteAllTextAsync(ConfigPath, yaml);

    public async Task<ReloadResult> ReloadAsync(string yaml)
    {
        await WriteConfigAsync(yaml);
        return await Host.Reloader!.ReloadAsync("test", CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal static class TestLogging
{
    /// <summary>Warnings and errors go to the test output's console; enough to diagnose a failure.</summary>
    public static readonly ILoggerFactory Factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true));

    /// <summary>The console at Warning as above, plus every Information-and-up line into <paramref name="capture"/>.</summary>
    public static ILoggerFactory With(LogCapture capture) => LoggerFactory.Create(b => b
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(o => o.SingleLine = true)
        .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning)
        .AddProvider(capture));
}
