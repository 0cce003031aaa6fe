namespace Fulcrum.Configuration;

/// <summary>The cluster's upstream HTTP client: one pooled <c>SocketsHttpHandler</c> per cluster.</summary>
internal sealed record HttpClientConfig
{
    /// <summary><c>1.1</c> or <c>2</c> (h2c on http:// destinations, ALPN on https://).</summary>
    public string Version { get; init; } = "1.1";

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait for upstream activity (headers or the next body bytes) before answering 504.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>0 means no limit.</summary>
    public int MaxConnectionsPerDestination { get; init; }

    public TimeSpan PooledConnectionIdleTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest a proxied WebSocket may stay silent both ways before both sides are closed; unset means
    /// <see cref="RequestTimeout"/>.
    /// </summary>
    public TimeSpan? WebSocketIdleTimeout { get; init; }

    /// <summary>
    /// <c>lean</c>: HTTP/1.1 requests to http:// destinations go through Fulcrum's own lean HTTP/1.1 client
    /// (Pipeline/Http1), everything else through YARP; <c>yarp</c>: everything through YARP; <c>auto</c> (the
    /// default): lean, unless FULCRUM_HTTP_FORWARDER=yarp.
    /// </summary>
    public string Forwarder { get; init; } = "auto";

    /// <summary>Certificate checks for https:// destinations.</summary>
    public UpstreamTlsConfig Tls { get; init; } = new();
}
