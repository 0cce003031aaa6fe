using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// SIGTERM to a <c>fulcrum</c> process under load, the way a load balancer in front sees a rolling restart: the
/// clients stop sending new requests at the moment of the signal (the LB has taken the instance out), and every
/// request already in flight — each one takes a second at the backend, so every worker has one — completes with
/// 200; the process then exits 0 well within its drain timeout.
/// </summary>
public sealed class ShutdownUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-shutdown-").FullName;

    [Fact]
    public async Task Sigterm_UnderLoad_InFlightRequestsCompleteExitZero()
    {
        const int Workers = 8;
        await using var backend = await TestBackend.StartAsync("b1");
        var path = Path.Combine(_directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, Yaml.SingleCluster("", backend));
        await using var gateway = GatewayProcess.Start(["--config", path, "--drain-timeout", "00:00:10"]);
        var url = await gateway.WaitForListenerAsync("web");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

        var warmUp = new LoadDriver(client, url + "/", workers: Workers, maxRequests: 2_000, maxDuration: TimeSpan.FromSeconds(20));
        warmUp.Start();
        await Wait.UntilAsync(() => warmUp.Total >= 2_000, "2,000 fast requests", TimeSpan.FromSeconds(25));
        await warmUp.StopAsync();

        var load = new LoadDriver(client, url + "/slow?ms=1000", workers: Workers, maxRequests: 1_000, maxDuration: TimeSpan.FromSeconds(20));
        var before = backend.Requests;
        load.Start();
        await Wait.UntilAsync(() => backend.Requests >= before + Workers, "every worker has a slow request in flight");
        var inFlight = backend.Requests - before - load.Total;
        var stopping = load.StopAsync();
        var clock = Stopwatch.StartNew();
        gateway.Signal(Signals.SIGTERM);
        await stopping;
        var exitCode = await gateway.WaitForExitAsync(TimeSpan.FromSeconds(20));

        output.WriteLine($"R7 SIGTERM under load: fast phase failed {warmUp.Failures.Count} of {warmUp.Total}; in flight at SIGTERM {inFlight}, completed {load.Succeeded} of {load.Total}, failed {load.Failures.Count}; exit {exitCode} after {clock.Elapsed.TotalSeconds:0.0}s");
        Assert.True(warmUp.Failures.IsEmpty, string.Join("\n", warmUp.Failures.Take(5)));
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(load.Succeeded >= Workers, $"only {load.Succeeded} slow requests completed");
        Assert.Equal(0, exitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
