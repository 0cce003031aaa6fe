using System.Collections.Concurrent;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Health;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Health;

/// <summary>
/// Active-health hysteresis through the real prober (F7): the destination's <c>/healthz</c> answers a scripted
/// sequence of 200s and 500s, one per probe. With <c>healthyAfter: 2, unhealthyAfter: 2</c>, single failures between
/// successes never take it out, two in a row do, single successes between failures never bring it back, and two in a
/// row do: the gateway logs exactly three verdicts (healthy, unhealthy, healthy) for 24 flapping probes, and traffic
/// follows them.
/// </summary>
public sealed class ActiveHealthHysteresisTests(ITestOutputHelper output)
{
    private const string Checks = "healthCheck: { active: { path: /healthz, interval: 200ms, timeout: 200ms, healthyAfter: 2, unhealthyAfter: 2 } }";

    // S = 200, F = 500. After the script, every probe succeeds.
    private const string Script = "S" + "FSFSFSFS" + "FF" + "SFSFSF" + "SS";

    [Fact]
    public async Task Probe_FlappingResults_DestinationChangesOnlyAtThresholds()
    {
        var probes = new ConcurrentQueue<char>(Script);
        var answered = 0;
        await using var flapping = await InlineBackend.StartAsync(context =>
        {
            if (context.Request.Path == "/healthz")
            {
                context.Response.StatusCode = probes.TryDequeue(out var probe) && probe == 'F' ? 500 : 200;
                Interlocked.Increment(ref answered);
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("flapping");
        });
        var logs = new LogCapture();
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(flapping.Address, Checks), logs: logs);
        var destination = gateway.Runtime.Clusters["pool"].Destinations["d1"];

        await Wait.UntilAsync(() => Volatile.Read(ref answered) >= Script.Length + 3, "the whole script was probed, and a few more", TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(() => destination.Health.Active == HealthVerdict.Healthy, "the destination is healthy after two successes");
        using var served = await gateway.Client.GetAsync(gateway.Url() + "/");

        var verdicts = logs.Entries.Where(e => e.EventId is 1005 or 1006).Select(e => e.EventId == 1006 ? "healthy" : "unhealthy").ToList();
        output.WriteLine($"F7 hysteresis: {Script.Length} scripted probes ({Script}), thresholds 2/2: verdicts {string.Join(" → ", verdicts)} (expected healthy → unhealthy → healthy)");
        Assert.Equal(["healthy", "unhealthy", "healthy"], verdicts);
        Assert.Equal(200, (int)served.StatusCode);
    }

    [Fact]
    public async Task Probe_OneFailureBelowThreshold_DestinationKeepsTraffic()
    {
        var failNext = 0;
        var failed = 0;
        var probesAfterFailure = 0;
        await using var backend = await InlineBackend.StartAsync(context =>
        {
            if (context.Request.Path == "/healthz")
            {
                if (Interlocked.Exchange(ref failNext, 0) == 1)
                {
                    context.Response.StatusCode = 500;
                    Interlocked.Increment(ref failed);
                }
                else if (Volatile.Read(ref failed) > 0)
                {
                    Interlocked.Increment(ref probesAfterFailure);
                }

                return Task.CompletedTask;
            }

            return context.Response.WriteAsync("ok");
        });
        var logs = new LogCapture();
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address, Checks), logs: logs);
        var cluster = gateway.Runtime.Clusters["pool"];
        await Wait.UntilAsync(() => cluster.Destinations["d1"].Health.Active == HealthVerdict.Healthy, "the first probe decides healthy");

        Interlocked.Exchange(ref failNext, 1);
        await Wait.UntilAsync(() => Volatile.Read(ref probesAfterFailure) >= 3, "three probes after the single failure");
        using var served = await gateway.Client.GetAsync(gateway.Url() + "/");

        output.WriteLine($"F7 one failed probe (unhealthyAfter 2): verdict {cluster.Destinations["d1"].Health.Active}, unhealthy logged {logs.Entries.Count(e => e.EventId == 1005)} times, request {(int)served.StatusCode}");
        Assert.Equal(1, Volatile.Read(ref failed));
        Assert.DoesNotContain(logs.Entries, e => e.EventId == 1005);
        Assert.Equal(HealthVerdict.Healthy, cluster.Destinations["d1"].Health.Active);
        Assert.Equal(200, (int)served.StatusCode);
    }
}
