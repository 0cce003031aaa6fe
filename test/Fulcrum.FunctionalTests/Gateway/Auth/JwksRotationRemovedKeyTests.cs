using System.Net;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A key the issuer withdraws is refused once the periodic refresh has fetched the set without it.</summary>
public sealed class JwksRotationRemovedKeyTests
{
    [Fact]
    public async Task Get_TokenFromWithdrawnKey_RefusedAfterRefresh()
    {
        var next = TestSigningKey.EllipticCurve("ec-2");
        await using var scenario = await JwtScenario.StartAsync("refreshInterval: 1s, refreshCooldown: 1s", next);
        var withdrawn = TestTokens.Create(scenario.Key);
        scenario.Jwks.Remove(scenario.Key);
        var before = scenario.Jwks.JwksFetches;

        await Wait.UntilAsync(async () =>
        {
            using var response = await scenario.SendAsync(withdrawn);
            return response.StatusCode == HttpStatusCode.Unauthorized;
        }, "the withdrawn key is refused");

        Assert.True(scenario.Jwks.JwksFetches > before, "the key set was fetched again");
        scenario.Backend.ResetCounters();
        await scenario.AssertRejectedAsync(withdrawn, "the token signing key is unknown");
        using var current = await scenario.SendAsync(TestTokens.Create(next));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }
}
