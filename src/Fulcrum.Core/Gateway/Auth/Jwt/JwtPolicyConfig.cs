using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// <c>{ type: jwt, jwksUrl | authority | secret / publicKeys, issuer, audiences, … }</c>: the request must carry a
/// signed, unexpired token from the issuer for one of the audiences. Exactly one source of keys: a JWKS URL, an
/// OpenID Connect authority (keys and issuer by discovery), or inline keys.
/// </summary>
[PolicyType("jwt", typeof(JwtPolicyFactory))]
internal sealed record JwtPolicyConfig : PolicyConfig
{
    /// <summary>A JSON Web Key Set URL, fetched, cached and refreshed.</summary>
    public string? JwksUrl { get; init; }

    /// <summary>An OpenID Connect issuer URL: <c>/.well-known/openid-configuration</c> names the JWKS and the issuer.</summary>
    public string? Authority { get; init; }

    /// <summary>An HS256/384/512 secret: text (its UTF-8 bytes), or <c>base64:…</c>; at least 32 bytes.</summary>
    public string? Secret { get; init; }

    /// <summary>PEM public keys (<c>PUBLIC KEY</c>, <c>RSA PUBLIC KEY</c> or <c>CERTIFICATE</c>), RSA or EC.</summary>
    public IReadOnlyList<string> PublicKeys { get; init; } = [];

    /// <summary>The required <c>iss</c>; with <c>authority</c>, defaults to the one discovery names.</summary>
    public string? Issuer { get; init; }

    /// <summary>Accepted <c>aud</c> values; the token must name at least one.</summary>
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>Accepted <c>alg</c> values; empty accepts every algorithm of the configured keys' types.</summary>
    public IReadOnlyList<string> Algorithms { get; init; } = [];

    /// <summary>Tolerance for <c>exp</c> and <c>nbf</c> between clocks (IdentityModel's own default is 5 minutes).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Remote keys older than this are refreshed in the background on the next request.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Least time between two fetches, so tokens naming unknown keys cannot make the gateway flood the issuer.</summary>
    public TimeSpan RefreshCooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the discovery document and the key set, together.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Refuse <c>http://</c> key URLs other than loopback ones.</summary>
    public bool RequireHttps { get; init; } = true;

    /// <summary>Longest token accepted, checked before anything is decoded.</summary>
    public long MaxTokenSize { get; init; } = 8 * 1024;

    /// <summary>A header carrying the bare token, instead of <c>Authorization: Bearer</c>.</summary>
    public string? Header { get; init; }

    /// <summary>A cookie carrying the token, instead of <c>Authorization: Bearer</c>.</summary>
    public string? Cookie { get; init; }

    /// <summary>A query parameter carrying the token, instead of <c>Authorization: Bearer</c>.</summary>
    public string? Query { get; init; }

    /// <summary>Claim → accepted values; a token that lacks one, or holds none of its values, gets 403.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> RequireClaims { get; init; } = ConfigDefaults.EmptyMap<IReadOnlyList<string>>();

    /// <summary>Claim → header set upstream (any value the client sent under that header is removed first).</summary>
    public IReadOnlyDictionary<string, string> ForwardClaims { get; init; } = ConfigDefaults.EmptyMap<string>();

    /// <summary>Forward the token upstream; by default it is removed.</summary>
    public bool ForwardToken { get; init; }

    /// <summary>The claim that names the request's consumer.</summary>
    public string ConsumerClaim { get; init; } = "sub";

    /// <summary>The realm named in the <c>WWW-Authenticate</c> challenge.</summary>
    public string Realm { get; init; } = "fulcrum";
}
