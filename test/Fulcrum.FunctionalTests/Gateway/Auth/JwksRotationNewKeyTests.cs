using System.Net;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A key the issuer publishes after the gateway cached its set is accepted after exactly one refresh.</summary>
public sealed class JwksRotationNewKeyTests
{
    [Fact]
    public async Task Get_TokenFromNewlyPublishedKey_AcceptedAfterOneRefresh()
    {
        await using var scenario = await JwtScenario.StartAsync("refreshCooldown: 1s");
        var next = TestSigningKey.EllipticCurve("ec-2");
        scenario.Jwks.Publish(next);
        var before = scenario.Jwks.JwksFetches;
        var token = TestTokens.Create(next);

        await Wait.UntilAsync(async () =>
        {
            using var response = await scenario.SendAsync(token);
            return response.StatusCode == HttpStatusCode.OK;
        }, "the new key is accepted");

        Assert.Equal(1, scenario.Jwks.JwksFetches - before);
        using var old = await scenario.SendAsync(TestTokens.Create(scenario.Key));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }
}
