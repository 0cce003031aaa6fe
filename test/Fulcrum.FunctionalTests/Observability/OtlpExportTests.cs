using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Observability;

/// <summary>A real HTTP endpoint stands in for the OpenTelemetry collector and records what is posted to it.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traffic_OtlpConfigured_TracesAndMetricsPostedAsProtobuf()
    {
        await using var collector = await TestBackend.StartAsync("collector");
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(
            $"observability: {{ otlp: {{ endpoint: \"{collector.Address}\", exportInterval: 200ms }} }}\n" + Yaml.SingleCluster("", b1));

        await Wait.UntilAsync(async () =>
        {
            (await gateway.Client.GetAsync(gateway.Url() + "/")).Dispose();
            var paths = collector.Received.Select(r => r.Path).ToHashSet();
            return paths.Contains("/v1/traces") && paths.Contains("/v1/metrics");
        }, "the collector received traces and metrics", TimeSpan.FromSeconds(8));

        Assert.All(collector.Received, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("application/x-protobuf", r.Headers["Content-Type"]);
        });
    }
}
