using System.Net;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Keys are fetched once and cached: many requests, one fetch.</summary>
public sealed class JwksCachingTests
{
    [Fact]
    public async Task Get_ManyRequests_KeySetFetchedOnce()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key);

        for (var i = 0; i < 50; i++)
        {
            using var response = await scenario.SendAsync(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, scenario.Jwks.JwksFetches);
        Assert.Equal(50, scenario.Backend.Requests);
    }
}
