using System.Net;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// <c>requireClaims</c>: a valid token whose claim holds another value, or lacks the claim, gets 403
/// insufficient_scope (RFC 6750 §3.1) — it is authenticated, just not allowed; <c>scope</c> is a space-separated list.
/// </summary>
public sealed class JwtRequireClaimsTests
{
    private const string Settings = "requireClaims: { scope: read, tier: [gold, platinum] }";

    [Theory]
    [InlineData("read", "gold")]
    [InlineData("write read", "platinum")]
    public async Task Get_RequiredClaimsPresent_Accepted(string scope, string tier)
    {
        await using var scenario = await JwtScenario.StartAsync(Settings);
        var claims = TestTokens.Claims();
        claims["scope"] = scope;
        claims["tier"] = tier;

        using var response = await scenario.SendAsync(TestTokens.Create(scenario.Key, claims));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_ScopeAsArrayClaim_Accepted()
    {
        await using var scenario = await JwtScenario.StartAsync(Settings);
        var claims = TestTokens.Claims();
        claims["scope"] = new[] { "write", "read" };
        claims["tier"] = new[] { "silver", "gold" };

        using var response = await scenario.SendAsync(TestTokens.Create(scenario.Key, claims));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("read", "silver")]
    [InlineData("reader", "gold")]
    [InlineData("read", "Gold")]
    [InlineData("read", null)]
    [InlineData(null, "gold")]
    public async Task Get_RequiredClaimWrongOrMissing_Returns403InsufficientScope(string? scope, string? tier)
    {
        await using var scenario = await JwtScenario.StartAsync(Settings);
        var claims = TestTokens.Claims();
        if (scope is not null)
        {
            claims["scope"] = scope;
        }

        if (tier is not null)
        {
            claims["tier"] = tier;
        }

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, claims), "the token lacks a required claim", HttpStatusCode.Forbidden, "insufficient_scope");
    }
}
