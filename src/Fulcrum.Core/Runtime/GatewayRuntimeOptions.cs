namespace Fulcrum.Runtime;

internal sealed record GatewayRuntimeOptions
{
    /// <summary>How long a stopping listener waits for in-flight requests before closing them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reload when the config file changes on disk (SIGHUP and the admin API always can).</summary>
    public bool WatchConfigFile { get; init; } = true;
}
