using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Cli;

/// <summary>
/// Standard output that nobody reads (a stuck log shipper, a full pipe) must not stop the traffic: requests run on
/// the socket event threads, so a logger that waited for stdout would stall every connection of its thread.
/// </summary>
public sealed class StuckStdoutTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>One warning line each: more than the console logger's queue (10,000) and the pipe (64 KiB) hold.</summary>
    private const int Requests = 15_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-stdout-").FullName;
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Requests_StdoutNeverRead_AllAnswered()
    {
        var port = LoopbackPorts.Unused();
        var path = Path.Combine(_directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, $$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:{{port}} }
            routes:
              all: { cluster: pool }
            clusters:
              pool: { destinations: { dead: { address: "http://127.0.0.1:{{LoopbackPorts.Unused()}}" } } }
            """);
        await using var gateway = GatewayProcess.Start(["--config", path], readStdout: false);
        var url = $"http://127.0.0.1:{port}/";
        await Wait.UntilAsync(async () =>
        {
            try
            {
                using var response = await _client.GetAsync(url);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the gateway listens", TimeSpan.FromSeconds(60));

        // Every request fails upstream (connection refused) and logs a warning.
        var load = new LoadDriver(_client, url, workers: 8, maxRequests: Requests, maxDuration: TimeSpan.FromSeconds(60));
        load.Start();
        await load.RunToEndAsync();

        var timedOut = load.Failures.Count(f => f.StartsWith("timed out", StringComparison.Ordinal));
        var gatewayErrors = load.Failures.Count(f => f.StartsWith("502", StringComparison.Ordinal) || f.StartsWith("503", StringComparison.Ordinal));
        output.WriteLine($"stdout unread: {load.Total} requests answered ({gatewayErrors} 502/503), {timedOut} timed out");
        Assert.False(gateway.HasExited, gateway.Stderr);
        Assert.Equal(0, timedOut);
        Assert.Equal(Requests, gatewayErrors);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
