using Microsoft.Extensions.Logging;

namespace Fulcrum.L4;

/// <summary>Layer 4 log messages (event ids 5001–5099), source-generated.</summary>
internal static partial class L4Log
{
    [LoggerMessage(5001, LogLevel.Warning, "Listener {Listener}: no route for server name {ServerName} from {Client}; connection closed")]
    public static partial void NoRoute(ILogger logger, string listener, string serverName, string client);

    [LoggerMessage(5002, LogLevel.Warning, "Listener {Listener}: connecting to {Destination} of cluster {Cluster} failed: {Error}")]
    public static partial void ConnectFailed(ILogger logger, string listener, string cluster, string destination, string error);

    [LoggerMessage(5003, LogLevel.Warning, "Listener {Listener}: no destination of cluster {Cluster} accepted the connection from {Client}; closed")]
    public static partial void NoDestination(ILogger logger, string listener, string cluster, string client);

    [LoggerMessage(5004, LogLevel.Warning, "Listener {Listener}: {Max} connections are open, the one from {Client} is closed (maxConnections)")]
    public static partial void ConnectionLimit(ILogger logger, string listener, int max, string client);

    [LoggerMessage(5005, LogLevel.Warning, "Listener {Listener}: PROXY header from {Client} rejected, connection closed: {Error}")]
    public static partial void ProxyHeaderRejected(ILogger logger, string listener, string client, string error);

    [LoggerMessage(5006, LogLevel.Warning, "Listener {Listener}: TLS ClientHello from {Client} rejected, connection closed: {Error}")]
    public static partial void ClientHelloRejected(ILogger logger, string listener, string client, string error);

    [LoggerMessage(5007, LogLevel.Debug, "Listener {Listener}: connection from {Client} idle for {IdleTimeout}, closed")]
    public static partial void IdleClosed(ILogger logger, string listener, string client, TimeSpan idleTimeout);

    [LoggerMessage(5008, LogLevel.Information, "Listener {Listener}: TLS handshake with {Client} failed: {Error}")]
    public static partial void TlsHandshakeFailed(ILogger logger, string listener, string client, string error);

    [LoggerMessage(5009, LogLevel.Debug, "Listener {Listener}: connection from {Client} ended with an error: {Error}")]
    public static partial void ConnectionFailed(ILogger logger, string listener, string client, string error);

    [LoggerMessage(5011, LogLevel.Warning, "Listener {Listener}: {Dropped} datagrams from new clients dropped, {Max} sessions are open (maxSessions)")]
    public static partial void SessionTableFull(ILogger logger, string listener, long dropped, int max);

    [LoggerMessage(5012, LogLevel.Warning, "Listener {Listener}: no available destination in cluster {Cluster} for {Client}; datagram dropped")]
    public static partial void NoUdpDestination(ILogger logger, string listener, string cluster, string client);

    [LoggerMessage(5013, LogLevel.Debug, "Listener {Listener}: UDP receive failed: {Error}")]
    public static partial void UdpReceiveFailed(ILogger logger, string listener, string error);

    [LoggerMessage(5014, LogLevel.Warning, "Listener {Listener}: the transport receives into {Pool} blocks, not Fulcrum's large ones; client-to-destination throughput will be lower")]
    public static partial void SmallReceiveBlocks(ILogger logger, string listener, string pool);
}
