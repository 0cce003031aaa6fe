using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Gateway.Auth.ApiKeys;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// <c>keysFile</c>, relative to the config file's directory, is watched: an edit applies without a config reload,
/// and a broken file keeps the keys in force until it is fixed.
/// </summary>
public sealed class ApiKeysFileHotReloadTests
{
    [Fact]
    public async Task Get_KeysFileEdited_NewKeysApplyAndBrokenFileKeepsPrevious()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        string Config(string keys) => AuthGateway.Config(backend, $"{{ type: apiKey, {keys} }}");
        await using var gateway = await TestGateway.StartAsync(Config($"keys: {TestApiKeys.Inline(("admin", TestApiKeys.Carol))}"));
        var keysFile = Path.Combine(Path.GetDirectoryName(gateway.ConfigPath)!, "keys.yaml");
        await File.WriteAllTextAsync(keysFile, TestApiKeys.File(("alice", TestApiKeys.Alice)));
        var reload = await gateway.ReloadAsync(Config("keysFile: keys.yaml"));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        var policy = PolicyOf(gateway);
        await AssertStatusAsync(gateway, TestApiKeys.Alice, HttpStatusCode.OK);
        await AssertStatusAsync(gateway, TestApiKeys.Carol, HttpStatusCode.Unauthorized);

        // Bob replaces Alice: applied by the watcher, no config reload.
        await File.WriteAllTextAsync(keysFile, TestApiKeys.File(("bob", TestApiKeys.Bob)));
        await Wait.UntilAsync(() => policy.FileLoads >= 1, "the edited keys file is applied");
        await AssertStatusAsync(gateway, TestApiKeys.Bob, HttpStatusCode.OK);
        await AssertStatusAsync(gateway, TestApiKeys.Alice, HttpStatusCode.Unauthorized);

        // A broken file is rejected whole: Bob keeps working, nobody else gets in.
        await File.WriteAllTextAsync(keysFile, "- id: carol\n  sha256: not-a-digest\n");
        await Wait.UntilAsync(() => policy.FileRejections >= 1, "the broken keys file is rejected");
        await AssertStatusAsync(gateway, TestApiKeys.Bob, HttpStatusCode.OK);
        await AssertStatusAsync(gateway, TestApiKeys.Carol, HttpStatusCode.Unauthorized);

        // Fixed again, by an editor-style replace (write elsewhere, rename over).
        var temporary = keysFile + ".tmp";
        await File.WriteAllTextAsync(temporary, TestApiKeys.File(("carol", TestApiKeys.Carol)));
        File.Move(temporary, keysFile, overwrite: true);
        await Wait.UntilAsync(() => policy.FileLoads >= 2, "the repaired keys file is applied");
        await AssertStatusAsync(gateway, TestApiKeys.Carol, HttpStatusCode.OK);
        await AssertStatusAsync(gateway, TestApiKeys.Bob, HttpStatusCode.Unauthorized);
        Assert.Same(policy, PolicyOf(gateway));
    }

    private static ApiKeyPolicy PolicyOf(TestGateway gateway) =>
        gateway.Runtime.Listeners["web"].Model.Routes.OrderedRoutes.Single().Policies.OfType<ApiKeyPolicy>().Single();

    private static async Task AssertStatusAsync(TestGateway gateway, string key, HttpStatusCode expected)
    {
        using var response = await TestApiKeys.GetAsync(gateway, key);
        Assert.Equal(expected, response.StatusCode);
    }
}
