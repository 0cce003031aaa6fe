namespace Fulcrum.Observability;

/// <summary>Why a request ended the way it did, written as Envoy-style short codes in the access log.</summary>
[Flags]
internal enum AccessLogFlags
{
    None = 0,

    /// <summary>NR: no route matched.</summary>
    NoRoute = 1,

    /// <summary>UH: no healthy destination.</summary>
    NoHealthyUpstream = 2,

    /// <summary>UF: the destination could not be reached or failed before answering.</summary>
    UpstreamFailure = 4,

    /// <summary>UT: the destination did not answer in time.</summary>
    UpstreamTimeout = 8,

    /// <summary>RT: at least one retry on another destination.</summary>
    Retried = 16,

    /// <summary>DC: the client went away before the response was complete.</summary>
    DownstreamDisconnect = 32,

    /// <summary>RL: rate limited (set by rate-limit policies).</summary>
    RateLimited = 64,
}
