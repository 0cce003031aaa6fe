using System.Net;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Cli;

/// <summary>
/// The gateway process applies the .NET settings it is measured with (Hosting/RuntimeSettings) by replacing itself
/// once at start: the same PID then serves, and its environment carries the settings.
/// </summary>
public sealed class RuntimeSettingsTests : IDisposable
{
    private static readonly string[] Settings =
        ["DOTNET_TC_CallCountingDelayMs", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"];

    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-runtime-").FullName;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Start_SettingsUnset_SameProcessServesWithThemSet()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        var environment = Settings.ToDictionary(name => name, _ => (string?)null);
        environment["FULCRUM_RUNTIME_SETTINGS"] = null;
        await using var gateway = GatewayProcess.Start(["--config", await WriteConfigAsync(backend)], environment);
        var url = await gateway.WaitForListenerAsync("web");

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url + "/")).StatusCode);
        var variables = EnvironmentOf(gateway.Id);
        Assert.Equal("0", variables["DOTNET_TC_CallCountingDelayMs"]);
        Assert.Equal("0", variables["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"]);
        Assert.Equal("1", variables["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"]);
    }

    [Fact]
    public async Task Start_SettingsApplied_DiagnosticsToolsCanAttach()
    {
        // dotnet-counters and dotnet-trace connect to this socket; after the re-execution it must be the new image's.
        await using var backend = await TestBackend.StartAsync("b1");
        var environment = Settings.ToDictionary(name => name, _ => (string?)null);
        environment["FULCRUM_RUNTIME_SETTINGS"] = null;
        environment["DOTNET_EnableDiagnostics"] = null;
        await using var gateway = GatewayProcess.Start(["--config", await WriteConfigAsync(backend)], environment);
        await gateway.WaitForListenerAsync("web");

        var sockets = Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{gateway.Id}-*-socket");
        var path = Assert.Single(sockets);
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
        Assert.True(client.Connected);
    }

    [Fact]
    public async Task Start_UserSetOneSetting_UserValueKept()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        var environment = Settings.ToDictionary(name => name, _ => (string?)null);
        environment["FULCRUM_RUNTIME_SETTINGS"] = null;
        environment["DOTNET_TC_CallCountingDelayMs"] = "50";
        environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "0";
        await using var gateway = GatewayProcess.Start(["--config", await WriteConfigAsync(backend)], environment);
        await gateway.WaitForListenerAsync("web");

        var variables = EnvironmentOf(gateway.Id);
        Assert.Equal("50", variables["DOTNET_TC_CallCountingDelayMs"]);
        Assert.Equal("0", variables["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"]);
        Assert.Equal("0", variables["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"]);
    }

    [Fact]
    public async Task Start_SettingsOff_EnvironmentUntouched()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        var environment = Settings.ToDictionary(name => name, _ => (string?)null);
        environment["FULCRUM_RUNTIME_SETTINGS"] = "off";
        await using var gateway = GatewayProcess.Start(["--config", await WriteConfigAsync(backend)], environment);
        var url = await gateway.WaitForListenerAsync("web");

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(url + "/")).StatusCode);
        var variables = EnvironmentOf(gateway.Id);
        Assert.All(Settings, name => Assert.False(variables.ContainsKey(name), name));
    }

    private async Task<string> WriteConfigAsync(TestBackend backend)
    {
        var path = Path.Combine(_directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, $$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            """);
        return path;
    }

    /// <summary>The environment the process image was started with (after the re-execution, its new one).</summary>
    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0])
            .ToDictionary(group => group.Key, group => group.Last()[1]);

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
