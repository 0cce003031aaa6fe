namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>One accepted key: its id (the request's consumer) and the SHA-256 of the key, in hex; never the key itself.</summary>
internal sealed record ApiKeyConfig
{
    public string Id { get; init; } = "";

    /// <summary>64 hex digits: <c>printf %s "$KEY" | sha256sum</c>.</summary>
    public string Sha256 { get; init; } = "";
}
