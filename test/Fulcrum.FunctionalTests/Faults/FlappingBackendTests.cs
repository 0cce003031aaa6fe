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
        // Bounded by time: with the flapping destination ejected, the steady one serves thousands of requests per
        // ejection period, and a 40,000 budget once ran out in the eighth cycle (the wait then looked like a stall).
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 4, maxRequests: 1_000_000, maxDuration: TimeSpan.FromSeconds(40));
        load.Start();

        // Eight down phases of 200 requests each, every one followed by an up phase that lasts until the flapping
        // destination has served 50 requests again (it is re-admitted once its 300 ms ejection ends).
        var servedWhileUp = 0;
        for (var flap = 0; flap < 8; flap++)
        {
            flapping.Chaos = ChaosMode.ResetBeforeHeaders;
            var before = load.Total;
            await load.UntilAsync(() => load.Total >= before + 200, $"200 requests while down ({flap})", TimeSpan.FromSeconds(20));
            flapping.Chaos = ChaosMode.None;
            var served = flapping.RequestCount;
            await load.UntilAsync(() => flapping.RequestCount >= served + 50, $"the flapping destination serves again ({flap})", TimeSpan.FromSeconds(20));
            servedWhileUp += flapping.RequestCount - served;
        }

        await load.StopAsync();
        output.WriteLine($"F7 flapping: 8 down/up cycles, served {servedWhileUp} while up; failed {load.Failures.Count} of {load.Total}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
    }
}
