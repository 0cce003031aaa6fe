namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Family 1: an unsigned token (<c>alg: none</c> in any spelling) is never accepted.</summary>
public sealed class JwtAlgNoneTests
{
    [Theory]
    [InlineData("none", "")]
    [InlineData("None", "")]
    [InlineData("nOnE", "")]
    [InlineData("none", "c2lnbmF0dXJl")]
    public async Task Get_UnsignedToken_Returns401NotSigned(string algorithm, string signature)
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Encode($$"""{"alg":"{{algorithm}}","typ":"JWT"}""") + "." + TestTokens.Encode(System.Text.Json.JsonSerializer.Serialize(TestTokens.Claims())) + "." + signature;

        await scenario.AssertRejectedAsync(token, "the token is not signed");
    }

    [Fact]
    public async Task Get_RsaTokenWithSignatureRemoved_Returns401NotSigned()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key);

        await scenario.AssertRejectedAsync(token[..(token.LastIndexOf('.') + 1)], "the token is not signed");
    }
}
