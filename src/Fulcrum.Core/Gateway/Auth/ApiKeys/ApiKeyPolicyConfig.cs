using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>
/// <c>{ type: apiKey, header: X-Api-Key, keys: [{ id: alice, sha256: "…" }], keysFile: keys.yaml }</c>: the request
/// must present one of the keys, in a header or a query parameter; its id becomes the request's consumer.
/// </summary>
[PolicyType("apiKey", typeof(ApiKeyPolicyFactory))]
internal sealed record ApiKeyPolicyConfig : PolicyConfig
{
    public const string DefaultHeader = "X-Api-Key";

    /// <summary>The header carrying the key; <see cref="DefaultHeader"/> unless only <see cref="Query"/> is given.</summary>
    public string? Header { get; init; }

    /// <summary>A query parameter carrying the key, read when the header is absent.</summary>
    public string? Query { get; init; }

    public IReadOnlyList<ApiKeyConfig> Keys { get; init; } = [];

    /// <summary>A YAML or JSON list of <c>{ id, sha256 }</c>, relative to the config file's directory; watched and reloaded.</summary>
    public string? KeysFile { get; init; }

    /// <summary>A header set upstream to the key's id (any value the client sent under that name is replaced).</summary>
    public string? UpstreamHeader { get; init; }

    /// <summary>Forward the key itself upstream; by default the header and query parameter are removed.</summary>
    public bool ForwardKey { get; init; }

    /// <summary>The realm named in the <c>WWW-Authenticate</c> challenge.</summary>
    public string Realm { get; init; } = "fulcrum";

    /// <summary>The header the policy reads: the configured one, or the default when no query parameter is given.</summary>
    public string? EffectiveHeader() => Header ?? (Query is null ? DefaultHeader : null);
}
