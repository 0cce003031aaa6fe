using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>With <c>forwardKey: true</c> the backend receives the key as the client sent it.</summary>
public sealed class ApiKeyForwardKeyTests
{
    [Fact]
    public async Task Get_ForwardKeyTrue_KeyHeaderKept()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: apiKey, forwardKey: true, keys: {TestApiKeys.Inline(("alice", TestApiKeys.Alice))} }}"));

        using var response = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestApiKeys.Alice, backend.Received.Single().Headers["X-Api-Key"]);
    }
}
