namespace Fulcrum.L4;

/// <summary>A tcp or udp listener's compiled settings; swapped with its <see cref="Listeners.ListenerModel"/> on reload.</summary>
internal sealed class L4ListenerModel
{
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultSessionIdleTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultMaxSessions = 4096;

    public required L4RouteTable Routes { get; init; }

    /// <summary>For <see cref="TlsMode.Terminate"/>, the certificates are the listener model's <c>Tls</c>, shared with https.</summary>
    public TlsMode Tls { get; init; }

    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>0 means no limit.</summary>
    public int MaxConnections { get; init; }

    public TimeSpan SessionIdleTimeout { get; init; } = DefaultSessionIdleTimeout;

    public int MaxSessions { get; init; } = DefaultMaxSessions;
}
