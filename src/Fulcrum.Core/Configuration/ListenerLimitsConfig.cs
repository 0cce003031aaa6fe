namespace Fulcrum.Configuration;

/// <summary>
/// How long a client may take, so that slow or idle clients cannot hold a listener's connections (slowloris, slow
/// POST). Applied to Kestrel's limits when the listener is bound.
/// </summary>
internal sealed record ListenerLimitsConfig
{
    /// <summary>Time to receive a request's headers, from its first byte (and for the first request, from accept).</summary>
    public TimeSpan RequestHeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time an idle keep-alive connection is kept open between requests.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(130);

    /// <summary>Least average request-body rate in bytes per second, checked after <see cref="MinRequestBodyRateGrace"/>; 0 turns it off.</summary>
    public int MinRequestBodyRate { get; init; } = 240;

    /// <summary>How long a body may start slower than <see cref="MinRequestBodyRate"/>.</summary>
    public TimeSpan MinRequestBodyRateGrace { get; init; } = TimeSpan.FromSeconds(5);
}
