using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Cors;

/// <summary>
/// <c>{ type: cors, allowOrigins: ["https://app.example.com", "https://*.example.com"], allowMethods: [GET, POST],
/// allowHeaders: [Content-Type, Authorization], exposeHeaders: [X-Request-Id], allowCredentials: true, maxAge: 10m }</c>:
/// the gateway answers preflights itself and sets the CORS response headers of actual requests, replacing any
/// the destination sent.
/// </summary>
[PolicyType("cors", typeof(CorsPolicyFactory))]
internal sealed record CorsPolicyConfig : PolicyConfig
{
    /// <summary><c>scheme://host[:port]</c> exactly, <c>scheme://*.domain</c> for any subdomain, or <c>*</c> alone.</summary>
    public IReadOnlyList<string> AllowOrigins { get; init; } = [];

    /// <summary>Methods a preflight may ask for, or <c>*</c>.</summary>
    public IReadOnlyList<string> AllowMethods { get; init; } = ["GET", "HEAD", "POST"];

    /// <summary>Request headers a preflight may ask for (beyond Accept, Accept-Language, Content-Language), or <c>*</c>.</summary>
    public IReadOnlyList<string> AllowHeaders { get; init; } = [];

    /// <summary>Response headers scripts may read beyond the CORS-safelisted ones, or <c>*</c> (not with credentials).</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>Lets cookies and HTTP authentication ride along; needs listed origins, not <c>*</c>.</summary>
    public bool AllowCredentials { get; init; }

    /// <summary>How long a browser may cache a preflight answer (whole seconds); unset leaves the browser's default.</summary>
    public TimeSpan? MaxAge { get; init; }
}
