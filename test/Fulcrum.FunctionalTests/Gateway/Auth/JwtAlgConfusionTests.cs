using System.Security.Cryptography;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Family 2: HS256 signed with the RSA public key's bytes (CVE-2016-10555). Keys from a JWKS are RSA/EC only, so
/// HS* is refused before any key is touched; with inline keys mixing a secret and an RSA key, the RSA key still
/// never verifies an HMAC.
/// </summary>
public sealed class JwtAlgConfusionTests
{
    [Fact]
    public async Task Get_Hs256SignedWithJwksPublicKey_Returns401AlgorithmNotAccepted()
    {
        await using var scenario = await JwtScenario.StartAsync();

        foreach (var secret in new[] { scenario.Key.PublicPemBytes(), System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(scenario.Key.PublicJwk())) })
        {
            var token = TestTokens.SignWith(
                data => HMACSHA256.HashData(secret, data),
                $$"""{"alg":"HS256","typ":"JWT","kid":"{{scenario.Key.KeyId}}"}""",
                JsonSerializer.Serialize(TestTokens.Claims()));

            await scenario.AssertRejectedAsync(token, "the token algorithm is not accepted");
        }
    }

    [Fact]
    public async Task Get_Hs256SignedWithInlinePublicKeyWhileSecretAlsoConfigured_Returns401()
    {
        var rsa = TestSigningKey.Rsa("inline");
        await using var backend = await TestBackend.StartAsync("spy");
        var pem = rsa.PublicPem().Replace("\n", "\\n", StringComparison.Ordinal);
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: jwt, secret: \"an-hmac-secret-of-at-least-32-bytes!!\", publicKeys: [\"{pem}\"], issuer: \"{TestTokens.Issuer}\", audiences: [{TestTokens.Audience}] }}"));
        var forged = TestTokens.SignWith(
            data => HMACSHA256.HashData(rsa.PublicPemBytes(), data),
            """{"alg":"HS256","typ":"JWT"}""",
            JsonSerializer.Serialize(TestTokens.Claims()));

        using var response = await AuthGateway.GetWithTokenAsync(gateway, forged);
        using var genuine = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(rsa));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", AuthGateway.Challenge(response));
        Assert.Equal(System.Net.HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(1, backend.Requests);
    }
}
