using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Resilience;

public sealed class BackendKilledMidLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_OneOfThreeKilledUnderLoad_NoFailedRequests()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var b3 = await TestBackend.StartAsync("b3");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("""
            retries: { attempts: 2 }
            healthCheck: { passive: { consecutiveFailures: 1, ejectFor: 30s } }
            """, b1, b2, b3));

        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 8, maxRequests: 6000, maxDuration: TimeSpan.FromSeconds(40));
        load.Start();
        await Wait.UntilAsync(() => load.Succeeded >= 1500, "load is running");
        await b2.StopAsync();
        var killedAt = load.Total;
        await Wait.UntilAsync(() => load.Total >= killedAt + 3000, "load continued past the kill", TimeSpan.FromSeconds(40));
        await load.StopAsync();

        output.WriteLine($"killed b2 after {killedAt} requests; failed {load.Failures.Count} of {load.Total}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(b1.Requests > 1000 && b3.Requests > 1000, $"b1 {b1.Requests}, b3 {b3.Requests}");
    }
}
