using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Family 12: a JWE (five segments, <c>zip: DEF</c> over a large plaintext, the CVE-2024-21319 shape) is refused
/// unopened, and a JWS whose payload is another token (nested, <c>cty: JWT</c>) is not a claims set.
/// </summary>
public sealed class JwtEncryptedTokenTests
{
    [Fact]
    public async Task Get_CompressedJwe_Returns401EncryptedNotAccepted()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var header = TestTokens.Encode("""{"alg":"RSA-OAEP","enc":"A256GCM","zip":"DEF","kid":"rsa-1"}""");
        var random = new Random(42);
        string Part(int bytes)
        {
            var data = new byte[bytes];
            random.NextBytes(data);
            return Base64UrlEncoder.Encode(data);
        }

        var jwe = $"{header}.{Part(256)}.{Part(12)}.{Part(4000)}.{Part(16)}";

        await scenario.AssertRejectedAsync(jwe, "encrypted tokens are not accepted");
    }

    [Fact]
    public async Task Get_NestedTokenAsPayload_Returns401Malformed()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var inner = TestTokens.Create(scenario.Key);
        var nested = TestTokens.Sign(scenario.Key, """{"alg":"RS256","kid":"rsa-1","cty":"JWT"}""", JsonSerializer.Serialize(inner));

        await scenario.AssertRejectedAsync(nested, "the token is malformed");
    }
}
