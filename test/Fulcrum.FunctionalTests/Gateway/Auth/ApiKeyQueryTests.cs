using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A key in a query parameter is admitted and removed from the query, keeping the other parameters.</summary>
public sealed class ApiKeyQueryTests
{
    [Fact]
    public async Task Get_KnownKeyInQuery_AdmittedAndParameterRemoved()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: apiKey, header: X-Api-Key, query: api_key, keys: {TestApiKeys.Inline(("alice", TestApiKeys.Alice))} }}"));

        using var viaQuery = await gateway.Client.GetAsync(gateway.Url() + $"/search?q=fulcrum&api_key={TestApiKeys.Alice}&page=2");
        using var viaHeader = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice, "/search?q=x&api_key=ignored");
        using var unknown = await gateway.Client.GetAsync(gateway.Url() + "/search?api_key=nope");

        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaHeader.StatusCode);
        var seen = backend.Received.ToArray();
        Assert.Equal("?q=fulcrum&page=2", seen[0].Query);
        Assert.Equal("?q=x", seen[1].Query);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("ApiKey realm=\"fulcrum\", header=\"X-Api-Key\", query=\"api_key\"", AuthGateway.Challenge(unknown));
    }
}
