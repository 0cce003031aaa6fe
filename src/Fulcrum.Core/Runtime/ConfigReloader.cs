using Fulcrum.Configuration;
using Fulcrum.Configuration.Loading;
using Fulcrum.Observability;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Runtime;

/// <summary>
/// Reloads the config file on demand (file change, SIGHUP, admin API). A file that does not load or validate is
/// logged error by error and the running config keeps serving; a good one is applied as a whole.
/// </summary>
internal sealed class ConfigReloader
{
    private readonly string _path;
    private readonly GatewayRuntime _runtime;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ConfigReloader(string path, GatewayRuntime runtime, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _path = path;
        _runtime = runtime;
        _time = time;
        _logger = loggerFactory.CreateLogger<ConfigReloader>();
    }

    public string Path => _path;

    public ReloadResult? Last { get; private set; }

    public async Task<ReloadResult> ReloadAsync(string reason, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            GatewayLog.Reloading(_logger, reason);
            var loaded = ConfigLoader.LoadFile(_path);
            IReadOnlyList<ConfigError> errors = loaded.Errors;
            if (loaded.Config is { } config)
            {
                try
                {
                    await _runtime.ApplyAsync(config, _path, cancellationToken);
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
                {
                    errors = [new ConfigError(new ConfigLocation(_path, 0, 0), "listeners", $"cannot apply: {e.Message}")];
                }
            }

            foreach (var error in errors)
            {
                GatewayLog.ConfigRejected(_logger, _path, error.ToString());
            }

            var result = new ReloadResult(errors.Count == 0, _runtime.Generation, reason, errors, _time.GetUtcNow());
            Last = result;
            _runtime.History.Add(result);
            _runtime.Metrics.RecordReload(result.Succeeded);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
