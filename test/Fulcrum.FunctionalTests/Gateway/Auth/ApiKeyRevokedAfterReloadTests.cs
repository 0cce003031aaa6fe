using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>S10: a key removed from the config is refused from the moment the reload is applied.</summary>
public sealed class ApiKeyRevokedAfterReloadTests
{
    [Fact]
    public async Task Get_KeyRemovedByReload_Returns401Immediately()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        string Config(params (string, string)[] keys) => AuthGateway.Config(backend, $"{{ type: apiKey, keys: {TestApiKeys.Inline(keys)} }}");
        await using var gateway = await TestGateway.StartAsync(Config(("alice", TestApiKeys.Alice), ("bob", TestApiKeys.Bob)));
        using (var before = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var result = await gateway.ReloadAsync(Config(("bob", TestApiKeys.Bob)));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        using var revoked = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice);
        using var kept = await TestApiKeys.GetAsync(gateway, TestApiKeys.Bob);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }
}
