namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Family 9: hostile <c>kid</c> values are only ever looked up in the cached key set (never a path, a query or a
/// URL), so they are unknown keys: 401, and at most one key refresh between them.
/// </summary>
public sealed class JwtKidInjectionTests
{
    [Fact]
    public async Task Get_HostileKids_Return401UnknownKeyWithAtMostOneRefresh()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var attacker = TestSigningKey.Rsa("attacker");
        var fetchesBefore = scenario.Jwks.JwksFetches;

        foreach (var kid in new[] { "../../../../dev/null", "' OR '1'='1", "/etc/passwd", "http://127.0.0.2/jwks", "rsa-1\u0000", "" + new string('k', 2000) })
        {
            var token = TestTokens.Create(attacker, header: new() { ["kid"] = kid });
            await scenario.AssertRejectedAsync(token, "the token signing key is unknown");
        }

        Assert.InRange(scenario.Jwks.JwksFetches - fetchesBefore, 0, 1);
    }
}
