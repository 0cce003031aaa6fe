using System.Net;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Families 5–7: expiry with the documented 30 s skew (not IdentityModel's 5 minutes), a future <c>nbf</c>, and a
/// token without <c>exp</c>.
/// </summary>
public sealed class JwtLifetimeTests
{
    [Fact]
    public async Task Get_ExpiredLongerThanSkew_Returns401Expired()
    {
        await using var scenario = await JwtScenario.StartAsync();

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(expiresIn: TimeSpan.FromSeconds(-31))), "the token has expired");
    }

    [Fact]
    public async Task Get_ExpiredOneSecondAgoWithinDefaultSkew_Accepted()
    {
        await using var scenario = await JwtScenario.StartAsync();

        using var response = await scenario.SendAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(expiresIn: TimeSpan.FromSeconds(-1))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_ExpiredOneSecondAgoWithZeroSkew_Returns401Expired()
    {
        await using var scenario = await JwtScenario.StartAsync("clockSkew: 0s");

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(expiresIn: TimeSpan.FromSeconds(-1))), "the token has expired");
    }

    [Fact]
    public async Task Get_NotBeforeTenMinutesAhead_Returns401NotValidYet()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var claims = TestTokens.Claims(expiresIn: TimeSpan.FromMinutes(30));
        claims["nbf"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, claims), "the token is not valid yet");
    }

    [Fact]
    public async Task Get_NoExpiry_Returns401NoExpiry()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var claims = TestTokens.Claims();
        claims.Remove("exp");

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, claims), "the token has no expiry");
    }
}
