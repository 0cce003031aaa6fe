using Fulcrum.Clusters;
using Fulcrum.Configuration.Loading;
using Fulcrum.Gateway;
using Fulcrum.LoadBalancing;
using Fulcrum.Listeners;
using Fulcrum.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Benchmarks;

/// <summary>Compiles a benchmark's YAML into the first listener's model, as the runtime would at start.</summary>
internal static class BenchmarkGateway
{
    public static ListenerModel Compile(string yaml)
    {
        var loaded = ConfigLoader.LoadText(yaml, "bench.yaml", _ => null);
        var config = loaded.Config ?? throw new InvalidOperationException(string.Join("\n", loaded.Errors));
        var context = new PolicyContext
        {
            Time = TimeProvider.System,
            LoggerFactory = NullLoggerFactory.Instance,
            BaseDirectory = AppContext.BaseDirectory,
            Root = config,
        };
        return new ModelCompiler(TimeProvider.System, SharedRandomSource.Instance)
            .Compile(config, new Dictionary<string, ClusterState>(), new PolicyCache(), context)
            .Listeners[0];
    }
}
