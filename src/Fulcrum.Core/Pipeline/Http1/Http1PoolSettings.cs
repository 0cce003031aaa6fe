namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// A cluster's connection settings as the lean HTTP/1.1 path applies them: the same <c>http</c> keys the cluster's
/// SocketsHttpHandler gets (UpstreamClientFactory), compiled once per cluster model. A destination's pool is replaced
/// when its current model's differ (compared by value; see DestinationState.Http1Pool), so a reload that leaves
/// <c>http</c> alone keeps its idle connections.
/// </summary>
internal sealed record Http1PoolSettings(TimeSpan ConnectTimeout, TimeSpan IdleTimeout, int MaxConnections)
{
    /// <summary>Idle connections kept per destination at most; more are closed when they come back.</summary>
    public int MaxIdle => MaxConnections > 0 ? MaxConnections : 1024;
}
