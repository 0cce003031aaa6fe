using System.Text.Json;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A <c>crit</c> header names extensions the verifier must understand (RFC 7515 §4.1.11); the gateway knows none.</summary>
public sealed class JwtCritHeaderTests
{
    [Theory]
    [InlineData("""["exp"]""")]
    [InlineData("""["b64"],"b64":false""")]
    [InlineData("[]")]
    public async Task Get_SignedTokenWithCrit_Returns401CriticalHeader(string crit)
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Sign(scenario.Key, $$"""{"alg":"RS256","kid":"rsa-1","crit":{{crit}}}""", JsonSerializer.Serialize(TestTokens.Claims()));

        await scenario.AssertRejectedAsync(token, "the token has a critical header the gateway does not understand");
    }
}
