using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-cli-").FullName;

    [Fact]
    public async Task Validate_GoodFile_ExitsZero()
    {
        var path = Write("good.yaml", """
            listeners: { web: { protocol: http, address: 127.0.0.1:8080 } }
            routes: { all: { cluster: pool } }
            clusters: { pool: { destinations: { a: { address: "http://127.0.0.1:5001" } } } }
            """);

        var (exitCode, stdout, _) = await GatewayProcess.RunAsync("validate", path);

        Assert.Equal(0, exitCode);
        Assert.Contains("valid", stdout);
    }

    [Fact]
    public async Task Validate_FileWithThreeMistakes_PrintsEveryErrorWithLocationAndExitsTwo()
    {
        var path = Write("bad.yaml", """
            listeners:
              web: { protocol: http, adress: 127.0.0.1:8080 }
            routes:
              all: { cluster: pol }
            clusters:
              pool:
                loadBalancing: { policy: roundRobbin }
                destinations: { a: { address: "http://127.0.0.1:5001" } }
            """);

        var (exitCode, _, stderr) = await GatewayProcess.RunAsync("validate", path);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:2:26: listeners.web.adress: unknown key 'adress' (did you mean 'address'?)", stderr);
        Assert.Contains($"{path}:2:8: listeners.web.address: an address is required", stderr);
        Assert.Contains($"{path}:4:19: routes.all.cluster: unknown cluster 'pol' (did you mean 'pool'?)", stderr);
        Assert.Contains($"{path}:7:30: clusters.pool.loadBalancing.policy: 'roundRobbin' is not one of", stderr);
        Assert.Contains("4 errors", stderr);
    }

    [Fact]
    public async Task Run_InvalidConfig_RefusesToStartWithExitTwo()
    {
        var path = Write("bad.yaml", "listeners: { web: { protocol: http, address: nowhere } }\nroutes: {}\n");

        var (exitCode, stdout, stderr) = await GatewayProcess.RunAsync("--config", path);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:1:46: listeners.web.address:", stderr);
        Assert.DoesNotContain("listening:", stdout);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsTwoNamingIt()
    {
        var (exitCode, _, stderr) = await GatewayProcess.RunAsync("validate", Path.Combine(_directory, "absent.yaml"));

        Assert.Equal(2, exitCode);
        Assert.Contains("absent.yaml", stderr);
        Assert.Contains("cannot read", stderr);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
