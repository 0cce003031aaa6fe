using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// One snapshot of the keys a jwt policy trusts, with the issuer discovery named (if any). Immutable: a refresh
/// builds a new snapshot, so a request validates against one consistent set.
/// </summary>
internal sealed class SigningKeys
{
    private readonly HashSet<string> _keyIds;

    public SigningKeys(IReadOnlyList<SecurityKey> keys, string? discoveredIssuer = null)
    {
        Keys = keys;
        DiscoveredIssuer = discoveredIssuer;
        _keyIds = new HashSet<string>(keys.Select(k => k.KeyId).OfType<string>(), StringComparer.Ordinal);
    }

    public IReadOnlyList<SecurityKey> Keys { get; }

    /// <summary>The <c>issuer</c> of the discovery document these keys came with; null for JWKS URLs and inline keys.</summary>
    public string? DiscoveredIssuer { get; }

    public bool HasKeyId(string keyId) => _keyIds.Contains(keyId);
}
