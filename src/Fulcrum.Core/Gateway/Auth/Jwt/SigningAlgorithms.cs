using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// Which <c>alg</c> each kind of key may verify. The token names its algorithm, so the key decides what it may be:
/// an RSA key never verifies an HS256 token (the "HS256 signed with the public key" confusion), a shared secret
/// never an RS256 one, and <c>none</c> is never accepted.
/// </summary>
internal static class SigningAlgorithms
{
    public static readonly IReadOnlyList<string> Rsa = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
    public static readonly IReadOnlyList<string> EllipticCurve = ["ES256", "ES384", "ES512"];
    public static readonly IReadOnlyList<string> Hmac = ["HS256", "HS384", "HS512"];
    public static readonly IReadOnlyList<string> All = [.. Rsa, .. EllipticCurve, .. Hmac];

    public static SigningKeyKind KindOf(string algorithm) =>
        Rsa.Contains(algorithm) ? SigningKeyKind.Rsa
        : EllipticCurve.Contains(algorithm) ? SigningKeyKind.EllipticCurve
        : Hmac.Contains(algorithm) ? SigningKeyKind.Hmac
        : SigningKeyKind.Unknown;

    public static SigningKeyKind KindOf(SecurityKey key) => key switch
    {
        RsaSecurityKey or X509SecurityKey => SigningKeyKind.Rsa,
        ECDsaSecurityKey => SigningKeyKind.EllipticCurve,
        SymmetricSecurityKey => SigningKeyKind.Hmac,
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.RSA } => SigningKeyKind.Rsa,
        JsonWebKey { Kty: JsonWebAlgorithmsKeyTypes.EllipticCurve } => SigningKeyKind.EllipticCurve,
        _ => SigningKeyKind.Unknown,
    };

    /// <summary>
    /// True when <paramref name="key"/> may verify <paramref name="algorithm"/>: the algorithm is allowed, belongs to
    /// the key's kind, and matches the key's own <c>alg</c> when its JWK names one (RFC 7517 §4.4).
    /// </summary>
    public static bool Allows(string algorithm, SecurityKey key, IReadOnlySet<string> allowed)
    {
        if (!allowed.Contains(algorithm) || KindOf(algorithm) != KindOf(key) || KindOf(key) == SigningKeyKind.Unknown)
        {
            return false;
        }

        return key is not JsonWebKey { Alg: { Length: > 0 } declared } || string.Equals(declared, algorithm, StringComparison.Ordinal);
    }
}
