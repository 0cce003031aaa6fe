using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Cli;

public sealed class ConfigDumpTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fulcrum-dump-{Guid.NewGuid():N}.yaml");

    [Fact]
    public async Task Dump_ConfigWithSecretsAndEnv_DefaultsFilledSecretsMasked()
    {
        await File.WriteAllTextAsync(_path, """
            admin: { address: 127.0.0.1:9901, token: "${FULCRUM_TEST_UNSET_TOKEN:-t0ken-value}" }
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { all: { cluster: pool } }
            clusters: { pool: { destinations: { a: { address: "http://127.0.0.1:5001" } } } }
            """);

        var (exitCode, stdout, _) = await GatewayProcess.RunAsync("config", "dump", "--config", _path);
        var (_, revealed, _) = await GatewayProcess.RunAsync("config", "dump", "--config", _path, "--show-secrets");

        Assert.Equal(0, exitCode);
        using var dump = JsonDocument.Parse(stdout);
        Assert.Equal("***", dump.RootElement.GetProperty("admin").GetProperty("token").GetString());
        Assert.Equal("roundRobin", dump.RootElement.GetProperty("clusters").GetProperty("pool").GetProperty("loadBalancing").GetProperty("policy").GetString());
        Assert.Equal("100s", dump.RootElement.GetProperty("clusters").GetProperty("pool").GetProperty("http").GetProperty("requestTimeout").GetString());
        Assert.DoesNotContain("t0ken-value", stdout);
        Assert.Contains("t0ken-value", revealed);
    }

    public void Dispose() => File.Delete(_path);
}
