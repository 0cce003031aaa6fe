using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// <c>{ type: requestSize, maxBodySize: 10MiB, maxHeadersSize: 16KiB, maxUrlLength: 2048 }</c>: per-route limits,
/// each optional, at least one given. Bodies are limited while they stream (nothing is buffered); the listener's
/// own limits (Kestrel: 8 KiB request line, 32 KiB of headers) still apply before any route is chosen.
/// </summary>
[PolicyType("requestSize", typeof(RequestSizePolicyFactory))]
internal sealed record RequestSizePolicyConfig : PolicyConfig
{
    /// <summary>Largest request body in bytes: 413 beyond it. Replaces the listener's default (30 MB) on the route.</summary>
    public long? MaxBodySize { get; init; }

    /// <summary>Largest total of header lines (name, value, ": " and CRLF per line) in bytes: 431 beyond it.</summary>
    public long? MaxHeadersSize { get; init; }

    /// <summary>Longest request target (path and query, as sent) in characters: 414 beyond it.</summary>
    public long? MaxUrlLength { get; init; }
}
