using System.Net.Http.Json;
using Fulcrum.Configuration.Loading;
using Fulcrum.Demo;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Hosting;
using Fulcrum.Runtime;

namespace Fulcrum.FunctionalTests.Examples;

/// <summary>Every file in examples/ is loaded; the seeds' example is also served against real backends.</summary>
public sealed class ExampleFilesTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "examples")).Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Load_ExampleFile_IsValid(string name)
    {
        var result = ConfigLoader.LoadFile(Path.Combine(RepositoryPaths.Root, "examples", name), _ => null);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public async Task Run_ChatGptExample_RoutesEachPathToItsPool()
    {
        await using var backends = await DemoBackends.StartAsync(0, CancellationToken.None);
        var environment = backends.Backends.ToDictionary(b => b.Instance.Replace('-', '_').ToUpperInvariant(), b => b.Address);
        environment["FULCRUM_LISTEN"] = "127.0.0.1:0";
        var loaded = ConfigLoader.LoadFile(Path.Combine(RepositoryPaths.Root, "examples", "chatgpt.yaml"), environment.GetValueOrDefault);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        await using var host = await GatewayHost.StartAsync(loaded.Config!, null, TestLogging.Factory, new GatewayRuntimeOptions(), CancellationToken.None);
        using var client = new HttpClient();
        var url = $"http://{host.Runtime.Listeners["web"].Server!.BoundEndPoint}";

        var instances = new List<string>();
        foreach (var path in new[] { "/text", "/text", "/image", "/voice" })
        {
            var answer = await client.GetFromJsonAsync<Dictionary<string, string>>(url + path);
            instances.Add(answer!["instance"]);
        }

        Assert.Equal(["text-1", "text-2"], instances.Take(2).Order());
        Assert.StartsWith("image-", instances[2]);
        Assert.Equal("voice-1", instances[3]);
    }
}
