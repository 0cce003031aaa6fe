using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A key the test generates to sign tokens, with its public JWK and PEM for the gateway's side.</summary>
internal sealed class TestSigningKey
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;
    private readonly byte[]? _secret;

    private TestSigningKey(string kid, string algorithm, RSA? rsa, ECDsa? ec, byte[]? secret)
    {
        KeyId = kid;
        Algorithm = algorithm;
        _rsa = rsa;
        _ec = ec;
        _secret = secret;
    }

    public string KeyId { get; }

    public string Algorithm { get; }

    public static TestSigningKey Rsa(string kid) => new(kid, "RS256", RSA.Create(2048), null, null);

    public static TestSigningKey EllipticCurve(string kid) => new(kid, "ES256", null, ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    public static TestSigningKey Hmac(string kid, string secret) => new(kid, "HS256", null, null, Encoding.UTF8.GetBytes(secret));

    public byte[] Sign(byte[] data) => Algorithm switch
    {
        "RS256" => _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "ES256" => _ec!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
        _ => HMACSHA256.HashData(_secret!, data),
    };

    /// <summary>The public key as a JWK object for a key set (<c>use: sig</c>, with <c>alg</c> and <c>kid</c>).</summary>
    public Dictionary<string, string> PublicJwk()
    {
        if (_rsa is not null)
        {
            var parameters = _rsa.ExportParameters(false);
            return new()
            {
                ["kty"] = "RSA", ["use"] = "sig", ["alg"] = Algorithm, ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }

        var ec = _ec!.ExportParameters(false);
        return new()
        {
            ["kty"] = "EC", ["use"] = "sig", ["alg"] = Algorithm, ["kid"] = KeyId, ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(ec.Q.X), ["y"] = Base64UrlEncoder.Encode(ec.Q.Y),
        };
    }

    public string PublicPem() => _rsa is not null ? _rsa.ExportSubjectPublicKeyInfoPem() : _ec!.ExportSubjectPublicKeyInfoPem();

    /// <summary>The PEM text's bytes, what a confused verifier would use as an HMAC secret.</summary>
    public byte[] PublicPemBytes() => Encoding.UTF8.GetBytes(PublicPem());
}
