using System.Net.Http.Headers;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.DashboardTests.Infrastructure;

/// <summary>
/// The gateway under test: the built <c>fulcrum</c> executable run on a config file in a temporary directory,
/// with its web listener and admin listener (dashboard and API) on free loopback ports. The tests see it only
/// as a browser and an HTTP client would: through the page, <c>/api/state</c> and the proxied traffic.
/// </summary>
internal sealed class DashboardGateway : IAsyncDisposable
{
    private readonly string _directory;
    private readonly GatewayProcess _process;

    private DashboardGateway(string directory, string configPath, GatewayProcess process, string url, string adminUrl, string? token)
    {
        _directory = directory;
        ConfigPath = configPath;
        _process = process;
        Url = url;
        AdminUrl = adminUrl;
        Token = token;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string ConfigPath { get; }

    /// <summary>The web listener, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    /// <summary>The admin listener, where the dashboard is served at <c>/</c>.</summary>
    public string AdminUrl { get; }

    public string? Token { get; }

    /// <summary>For proxied traffic and for the admin API (which adds the token itself).</summary>
    public HttpClient Client { get; }

    /// <summary>Gateway output so far, for a failure message.</summary>
    public string Output => _process.Stdout + "\n" + _process.Stderr;

    public static async Task<DashboardGateway> StartAsync(string yaml, string? token = null)
    {
        var directory = Directory.CreateTempSubdirectory("fulcrum-dashboard-").FullName;
        var path = Path.Combine(directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, yaml);
        var process = GatewayProcess.Start(["run", "--config", path, "--log-level", "Warning"]);
        try
        {
            var url = await process.WaitForListenerAsync("web");
            var adminUrl = await process.WaitForListenerAsync("admin");
            return new DashboardGateway(directory, path, process, url, adminUrl, token);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public HttpRequestMessage AdminRequest(HttpMethod method, string path, bool withToken = true)
    {
        var request = new HttpRequestMessage(method, AdminUrl + path);
        if (withToken && Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return request;
    }

    public async Task<JsonElement> StateAsync()
    {
        using var request = AdminRequest(HttpMethod.Get, "/api/state");
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async Task<JsonElement> DestinationAsync(string cluster, string destination)
    {
        var state = await StateAsync();
        return state.GetProperty("clusters").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == cluster)
            .GetProperty("destinations").EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == destination);
    }

    /// <summary>Until every destination has passed an active health check, so tests start from "healthy".</summary>
    public Task WaitUntilAllHealthyAsync() => Wait.UntilAsync(async () =>
    {
        var state = await StateAsync();
        return state.GetProperty("clusters").EnumerateArray()
            .SelectMany(c => c.GetProperty("destinations").EnumerateArray())
            .All(d => d.GetProperty("health").GetString() == "healthy");
    }, "every destination is healthy");

    public async Task DrainAsync(string cluster, string destination)
    {
        using var request = AdminRequest(HttpMethod.Post, $"/api/clusters/{cluster}/destinations/{destination}/drain");
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Sends <paramref name="count"/> GETs one after another; each must succeed.</summary>
    public async Task SendAsync(string path, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var response = await Client.GetAsync(Url + path);
            response.EnsureSuccessStatusCode();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
