using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Observability;

/// <summary>The gateway's log messages, source-generated, with stable event ids.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(1001, LogLevel.Warning, "Route {Route}: no healthy destination in cluster {Cluster}")]
    public static partial void NoHealthyDestination(ILogger logger, string route, string cluster);

    [LoggerMessage(1002, LogLevel.Warning, "Route {Route}: forwarding to {Destination} failed: {Error}")]
    public static partial void ForwardFailed(ILogger logger, string route, string destination, ForwarderError error, Exception? exception);

    [LoggerMessage(1007, LogLevel.Debug, "Route {Route}: request to {Destination} ended by the client: {Error}")]
    public static partial void ClientAborted(ILogger logger, string route, string destination, ForwarderError error);

    [LoggerMessage(1003, LogLevel.Information, "Route {Route}: retrying on {Next} after {Destination} failed ({Reason})")]
    public static partial void Retrying(ILogger logger, string route, string destination, string next, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "Cluster {Cluster}: destination {Destination} ejected for {EjectFor} after consecutive failures")]
    public static partial void DestinationEjected(ILogger logger, string cluster, string destination, TimeSpan ejectFor);

    [LoggerMessage(1005, LogLevel.Warning, "Cluster {Cluster}: destination {Destination} is unhealthy (active health check)")]
    public static partial void DestinationUnhealthy(ILogger logger, string cluster, string destination);

    [LoggerMessage(1006, LogLevel.Information, "Cluster {Cluster}: destination {Destination} is healthy (active health check)")]
    public static partial void DestinationHealthy(ILogger logger, string cluster, string destination);

    [LoggerMessage(2001, LogLevel.Information, "Listener {Listener} bound to {Address}")]
    public static partial void ListenerStarted(ILogger logger, string listener, string address);

    [LoggerMessage(2002, LogLevel.Information, "Listener {Listener} on {Address} stopped")]
    public static partial void ListenerStopped(ILogger logger, string listener, string address);

    [LoggerMessage(3001, LogLevel.Information, "Configuration generation {Generation} applied from {Source}: {Listeners} listeners, {Routes} routes, {Clusters} clusters")]
    public static partial void ConfigApplied(ILogger logger, long generation, string source, int listeners, int routes, int clusters);

    [LoggerMessage(3002, LogLevel.Error, "Configuration from {Source} rejected, the previous configuration keeps serving: {Error}")]
    public static partial void ConfigRejected(ILogger logger, string source, string error);

    [LoggerMessage(3003, LogLevel.Information, "Reloading configuration ({Reason})")]
    public static partial void Reloading(ILogger logger, string reason);
}
