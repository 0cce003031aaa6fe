using System.Text;
using System.Text.Json;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Families 3 and 4: a token signed by a key the issuer never published, or altered after signing.</summary>
public sealed class JwtSignatureTests
{
    [Fact]
    public async Task Get_SignedByUnpublishedKeyUnderKnownKid_Returns401SignatureInvalid()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var impostor = TestSigningKey.Rsa(scenario.Key.KeyId);

        await scenario.AssertRejectedAsync(TestTokens.Create(impostor), "the token signature is invalid");
    }

    [Fact]
    public async Task Get_PayloadBitFlipped_Returns401SignatureInvalid()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key, TestTokens.Claims(sub: "alice"));
        var parts = token.Split('.');
        var altered = TestTokens.Encode(Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace("alice", "alicf", StringComparison.Ordinal));

        await scenario.AssertRejectedAsync($"{parts[0]}.{altered}.{parts[2]}", "the token signature is invalid");
    }

    [Fact]
    public async Task Get_SignatureTruncated_Returns401SignatureInvalid()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key);

        await scenario.AssertRejectedAsync(token[..^8], "the token signature is invalid");
    }

    [Fact]
    public async Task Get_HeaderSwappedForAnotherAlgorithm_Returns401()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key);
        var header = TestTokens.Encode(JsonSerializer.Serialize(new { alg = "PS256", typ = "JWT", kid = scenario.Key.KeyId }));

        await scenario.AssertRejectedAsync(header + token[token.IndexOf('.', StringComparison.Ordinal)..], "the token signature is invalid");
    }
}
