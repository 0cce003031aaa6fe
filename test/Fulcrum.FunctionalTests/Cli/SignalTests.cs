using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Cli;

/// <summary>The gateway as a process: SIGHUP reloads, SIGTERM drains in-flight requests and exits 0.</summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-signal-").FullName;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false });

    private static string Config(TestBackend backend, string prefix) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          only: { match: { pathPrefix: {{prefix}} }, cluster: pool }
        clusters:
          pool: { destinations: {{Yaml.Destinations(backend)}} }
        """;

    [Fact]
    public async Task Sighup_FileEdited_NewConfigApplied()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        var path = Path.Combine(_directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, Config(backend, "/before"));
        await using var gateway = GatewayProcess.Start(["--config", path]);
        var url = await gateway.WaitForListenerAsync("web");

        // Written to a second file and renamed over the first, as editors do; the watcher may apply it too.
        await File.WriteAllTextAsync(path + ".tmp", Config(backend, "/after"));
        File.Move(path + ".tmp", path, overwrite: true);
        gateway.Signal(Signals.SIGHUP);

        await Wait.UntilAsync(async () => (await _client.GetAsync(url + "/after")).StatusCode == HttpStatusCode.OK, "the reloaded route serves");
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(url + "/before")).StatusCode);
        Assert.Contains("generation 2", gateway.Stdout);
    }

    [Fact]
    public async Task Sigterm_RequestInFlight_CompletesThenExitsZero()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        var path = Path.Combine(_directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, Config(backend, "/"));
        await using var gateway = GatewayProcess.Start(["--config", path]);
        var url = await gateway.WaitForListenerAsync("web");

        var inFlight = _client.GetAsync(url + "/slow?ms=1500");
        await Wait.UntilAsync(() => backend.Requests == 1, "the slow request reached the backend");
        gateway.Signal(Signals.SIGTERM);

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await gateway.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("draining", gateway.Stdout);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
