using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// A destination at <c>maxConnectionsPerDestination</c>: a request waits for a connection slot no longer than its
/// route's timeout, then gets 504 (YARP's answer when SocketsHttpHandler's wait for a connection outlasts the request's
/// activity timeout) without reaching the backend; the request holding the slot completes.
/// </summary>
public sealed class Http1ConnectionSlotTimeoutTests(ITestOutputHelper output)
{
    private static string Config(SpyBackend backend) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          hurried: { match: { pathPrefix: /short }, timeout: 500ms, cluster: pool }
          all: { match: { pathPrefix: / }, cluster: pool }
        clusters:
          pool:
            http: { forwarder: lean, maxConnectionsPerDestination: 1 }
            destinations: {{Yaml.Destinations(backend)}}
        """;

    [Fact]
    public async Task Get_DestinationAtConnectionLimit_504AfterRouteTimeoutHolderCompletes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await SpyBackend.StartAsync("d1");
        backend.Hold = request => request.Target == "/held" ? gate.Task : Task.CompletedTask;
        var logs = new LogCapture();
        await using var gateway = await TestGateway.StartAsync(Config(backend), logs: logs);

        var held = gateway.Client.GetAsync(gateway.Url() + "/held");
        await Wait.UntilAsync(() => backend.PendingRequests == 1, "the held request occupies the destination's only connection");
        var clock = Stopwatch.StartNew();
        using var waited = await gateway.Client.GetAsync(gateway.Url() + "/short/wait").WaitAsync(TimeSpan.FromSeconds(10));
        var elapsed = clock.Elapsed;
        gate.SetResult();
        using var heldResponse = await held;

        output.WriteLine($"slot wait under a 500 ms route timeout: {(int)waited.StatusCode} after {elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(504, (int)waited.StatusCode);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(450) && elapsed < TimeSpan.FromSeconds(5), $"answered after {elapsed}");
        Assert.True(logs.Contains(1002, "RequestTimedOut"), "the failure is reported as ForwarderError.RequestTimedOut");
        Assert.Equal(200, (int)heldResponse.StatusCode);
        Assert.Equal("d1", await heldResponse.Content.ReadAsStringAsync());
        Assert.Equal(["/held"], backend.Requests.Select(r => r.Target));
    }
}
