using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A destination that flaps — healthy for a moment, then resetting every request, then healthy again — beside a
/// steady one: retries and passive ejection keep every idempotent request succeeding, and the flapping destination
/// still takes traffic when it is up (it is not ejected forever).
/// </summary>
public sealed class FlappingBackendTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_OneDestinationFlaps_NoFailedRequests()
    {
        await using var flapping = await SpyBackend.StartAsync("flapping");
        await using var steady = await SpyBackend.StartAsync("steady");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("""
            retries: { attempts: 1 }
            healthCheck: { passive: { consecutiveFailures: 3, ejectFor: 300ms } }
            """, flapping, steady));
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 4, maxRequests: 4_000, maxDuration: TimeSpan.FromSeconds(25));
        load.Start();

        var flaps = 0;
        var servedWhileUp = 0;
        while (load.Total < 4_000 && flaps < 16)
        {
            var before = load.Total;
            flapping.Chaos = flaps % 2 == 0 ? ChaosMode.ResetBeforeHeaders : ChaosMode.None;
            var servedBefore = flapping.RequestCount;
            await Wait.UntilAsync(() => load.Total >= before + 200 || load.Total >= 4_000, "200 more requests in this phase", TimeSpan.FromSeconds(20));
            if (flapping.Chaos == ChaosMode.None && flapping.RequestCount > servedBefore)
            {
                servedWhileUp++;
            }

            flaps++;
        }

        await load.StopAsync();
        output.WriteLine($"F7 flapping: {flaps} phases, up phases that served {servedWhileUp}; failed {load.Failures.Count} of {load.Total}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(servedWhileUp > 0, "the flapping destination never served again after coming back");
    }
}
