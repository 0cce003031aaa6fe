using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

public sealed class ReloadUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reload_TwentyTimesUnderLoad_NoFailedRequests()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var b3 = await TestBackend.StartAsync("b3");
        string Config(int i) => $$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { match: { pathPrefix: / }, cluster: pool }
              extra{{i}}: { match: { path: /extra/{{i}} }, cluster: pool }
            clusters:
              pool:
                loadBalancing: { policy: {{(i % 2 == 0 ? "roundRobin" : "leastRequests")}} }
                destinations: {{(i % 3 == 0 ? Yaml.Destinations(b1, b2, b3) : i % 3 == 1 ? Yaml.Destinations(b1, b2) : Yaml.Destinations(b2, b3))}}
            """;
        await using var gateway = await TestGateway.StartAsync(Config(0));
        var server = gateway.Runtime.Listeners["web"].Server;

        var load = new LoadDriver(gateway.Client, gateway.Url() + "/", workers: 8, maxRequests: 50_000, maxDuration: TimeSpan.FromSeconds(60));
        load.Start();
        await Wait.UntilAsync(() => load.Succeeded >= 500, "load is running");
        for (var i = 1; i <= 20; i++)
        {
            var result = await gateway.ReloadAsync(Config(i));
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            var before = load.Total;
            await Wait.UntilAsync(() => load.Total >= before + 100, $"requests flow after reload {i}");
        }

        await load.StopAsync();
        output.WriteLine($"20 reloads under load: failed {load.Failures.Count} of {load.Total}");
        Assert.True(load.Failures.IsEmpty, string.Join("\n", load.Failures.Take(5)));
        Assert.Equal(21, gateway.Runtime.Generation);
        // The listener's address never changed, so it was never rebound.
        Assert.Same(server, gateway.Runtime.Listeners["web"].Server);
        var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/extra/20");
        Assert.NotNull(answer);
    }
}
