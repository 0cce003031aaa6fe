using System.Net;
using Fulcrum.Gateway.Auth.Jwt;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>When the issuer fails or disappears, the keys already cached keep valid tokens working.</summary>
public sealed class JwksOutageTests
{
    [Fact]
    public async Task Get_IssuerAnswering503_CachedKeysStillAccepted()
    {
        await using var scenario = await JwtScenario.StartAsync("refreshInterval: 1s, refreshCooldown: 1s");
        var token = TestTokens.Create(scenario.Key);
        scenario.Jwks.ForcedStatus = 503;
        var before = scenario.Jwks.Requests;

        // Each request may start a background refresh once the interval has passed; wait until one has failed.
        await Wait.UntilAsync(async () =>
        {
            using var response = await scenario.SendAsync(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return scenario.Jwks.Requests > before;
        }, "a refresh was attempted during the outage");

        for (var i = 0; i < 5; i++)
        {
            using var response = await scenario.SendAsync(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Get_IssuerStopped_CachedKeysStillAcceptedAndUnknownKidRefused()
    {
        await using var scenario = await JwtScenario.StartAsync("refreshCooldown: 1s");
        var source = (RemoteSigningKeySource)AuthGateway.JwtPolicyOf(scenario.Gateway).KeySource;
        var token = TestTokens.Create(scenario.Key);
        await scenario.Jwks.StopAsync();
        var unknown = TestTokens.Create(TestSigningKey.Rsa("rsa-2"));
        var fetchesBefore = source.Fetches;

        // An unknown kid asks for a refresh (once the cooldown allows), which fails against the stopped issuer.
        await Wait.UntilAsync(async () =>
        {
            using var refused = await scenario.SendAsync(unknown);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            return source.Fetches > fetchesBefore && source.Pending is null;
        }, "a refresh failed against the stopped issuer");

        for (var i = 0; i < 3; i++)
        {
            using var accepted = await scenario.SendAsync(token);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
    }
}
