using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A known key in the header is admitted; the key never reaches the backend, the consumer id does.</summary>
public sealed class ApiKeyHeaderTests
{
    [Fact]
    public async Task Get_KnownKeyInHeader_ForwardedWithConsumerIdAndWithoutKey()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: apiKey, keys: {TestApiKeys.Inline(("alice", TestApiKeys.Alice), ("bob", TestApiKeys.Bob))}, upstreamHeader: X-Consumer-Id }}"));

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/orders");
        request.Headers.Add("X-Api-Key", TestApiKeys.Bob);
        request.Headers.Add("X-Consumer-Id", "alice");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = backend.Received.Single().Headers;
        Assert.Equal("bob", seen["X-Consumer-Id"]);
        Assert.False(seen.ContainsKey("X-Api-Key"));
    }

    [Fact]
    public async Task Get_CustomHeaderName_KeyReadFromIt()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: apiKey, header: Api-Token, keys: {TestApiKeys.Inline(("alice", TestApiKeys.Alice))} }}"));

        using var custom = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice, header: "api-token");
        using var defaultHeader = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice);

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, defaultHeader.StatusCode);
        Assert.Equal("ApiKey realm=\"fulcrum\", header=\"Api-Token\"", AuthGateway.Challenge(defaultHeader));
    }
}
