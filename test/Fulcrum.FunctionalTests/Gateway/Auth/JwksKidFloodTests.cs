using System.Net;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// A flood of tokens naming random key ids makes at most one key fetch per <c>refreshCooldown</c>: the first
/// unknown kid refreshes, the rest are refused from the cache.
/// </summary>
public sealed class JwksKidFloodTests
{
    [Fact]
    public async Task Get_FloodOfRandomKids_AtMostOneFetchPerCooldown()
    {
        await using var scenario = await JwtScenario.StartAsync("refreshCooldown: 1h");
        var attacker = TestSigningKey.Rsa("attacker");
        var before = scenario.Jwks.JwksFetches;

        var flood = Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await scenario.SendAsync(TestTokens.Create(attacker, header: new() { ["kid"] = Guid.NewGuid().ToString("N") }));
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(flood);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.InRange(scenario.Jwks.JwksFetches - before, 0, 1);
        Assert.Equal(0, scenario.Backend.Requests);
        using var genuine = await scenario.SendAsync(TestTokens.Create(scenario.Key));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }
}
