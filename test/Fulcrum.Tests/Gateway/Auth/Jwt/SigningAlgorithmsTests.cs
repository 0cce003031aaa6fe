using System.Security.Cryptography;
using System.Text;
using Fulcrum.Gateway.Auth.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

/// <summary>Each kind of key verifies only its own algorithms: the guard against HS/RS confusion.</summary>
public class SigningAlgorithmsTests
{
    private static readonly HashSet<string> All = [.. SigningAlgorithms.All];

    [Fact]
    public void Allows_KeyKindAndAlgorithmFamily_MustAgree()
    {
        var rsa = new RsaSecurityKey(RSA.Create(2048));
        var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var hmac = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(new string('s', 32)));

        Assert.True(SigningAlgorithms.Allows("RS256", rsa, All));
        Assert.True(SigningAlgorithms.Allows("PS256", rsa, All));
        Assert.False(SigningAlgorithms.Allows("HS256", rsa, All));
        Assert.False(SigningAlgorithms.Allows("ES256", rsa, All));
        Assert.True(SigningAlgorithms.Allows("ES256", ec, All));
        Assert.False(SigningAlgorithms.Allows("HS256", ec, All));
        Assert.True(SigningAlgorithms.Allows("HS256", hmac, All));
        Assert.False(SigningAlgorithms.Allows("RS256", hmac, All));
        Assert.False(SigningAlgorithms.Allows("none", hmac, All));
        Assert.False(SigningAlgorithms.Allows("RS512", rsa, new HashSet<string> { "RS256" }));
    }

    [Fact]
    public void Allows_JsonWebKeyDeclaringAlg_OnlyThatOne()
    {
        var jwk = new JsonWebKey { Kty = "RSA", Alg = "RS256", N = "AQAB", E = "AQAB" };

        Assert.True(SigningAlgorithms.Allows("RS256", jwk, All));
        Assert.False(SigningAlgorithms.Allows("RS512", jwk, All));
        Assert.True(SigningAlgorithms.Allows("RS512", new JsonWebKey { Kty = "RSA" }, All));
        Assert.False(SigningAlgorithms.Allows("HS256", new JsonWebKey { Kty = "oct" }, All));
    }
}
