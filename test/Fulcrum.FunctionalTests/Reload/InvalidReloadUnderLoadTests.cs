using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// Broken configs written under load — a YAML syntax error, an unknown key, a route naming a missing cluster — are
/// refused with their file:line and the old configuration keeps serving every request; a valid file afterwards is
/// applied without a restart.
/// </summary>
public sealed class InvalidReloadUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_InvalidConfigsUnderLoad_RefusedNoFailedRequestsThenRecovers()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        var good = Yaml.SingleCluster("", b1);
        await using var gateway = await TestGateway.StartAsync(good);
        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 4, maxRequests: 30_000, maxDuration: TimeSpan.FromSeconds(30));
        load.Start();
        await Wait.UntilAsync(() => load.Total >= 500, "load is running");

        string[] broken =
        [
            good.Replace("routes:", "routes: [", StringComparison.Ordinal),
            good.Replace("cluster: pool", "cluster: pool, clustre: pool", StringComparison.Ordinal),
            good.Replace("cluster: pool", "cluster: nowhere", StringComparison.Ordinal),
        ];
        var messages = new List<string>();
        foreach (var text in broken)
        {
            var result = await gateway.ReloadAsync(text);
            Assert.False(result.Succeeded);
            Assert.All(result.Errors, e => Assert.True(e.Location.Line > 0, $"no line in {e}"));
            messages.Add(result.Errors[0].ToString());
            var before = load.Total;
            await Wait.UntilAsync(() => load.Total >= before + 300, "requests keep flowing after a refused reload");
        }

        var recovered = await gateway.ReloadAsync(Yaml.SingleCluster("", b2));
        var b2Before = b2.Requests;
        await Wait.UntilAsync(() => b2.Requests > b2Before + 100, "the valid config is applied");
        await load.StopAsync();

        output.WriteLine($"R5 invalid reloads under load: failed {load.Failures.Count} of {load.Total}; refused 3 of 3 ({string.Join(" | ", messages)}); recovery applied {recovered.Succeeded}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.True(recovered.Succeeded);
        Assert.Equal(2, gateway.Runtime.Generation);
    }
}
