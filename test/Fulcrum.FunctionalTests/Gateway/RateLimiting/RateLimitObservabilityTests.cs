using System.Globalization;
using System.Text.RegularExpressions;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>Rejections are counted in fulcrum_ratelimit_rejections_total{policy,route} and flagged RL in the access log.</summary>
public sealed partial class RateLimitObservabilityTests : IDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"fulcrum-ratelimit-{Guid.NewGuid():N}.log");

    [Fact]
    public async Task Get_OverTheLimit_CountedInMetricsAndFlaggedInTheAccessLog()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            admin: { address: 127.0.0.1:0 }
            observability: { accessLog: { format: json, path: "{{_log}}" } }
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              limited: { match: { pathPrefix: / }, policies: [observed-limit], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              observed-limit: { type: rateLimit, limit: 1, period: 1h }
            """);

        var statuses = await RateLimitRequests.StatusesAsync(gateway.Client, gateway.Url() + "/", 3);
        var metrics = await gateway.Client.GetStringAsync(gateway.AdminUrl + "/metrics");
        await Wait.UntilAsync(() => File.Exists(_log) && Lines().Length >= 3, "three access log lines");

        Assert.Equal([200, 429, 429], statuses);
        var sample = SampleLine().Matches(metrics).Select(m => m.Value)
            .Single(line => line.Contains("policy=\"observed-limit\"", StringComparison.Ordinal) && line.Contains("route=\"limited\"", StringComparison.Ordinal));
        Assert.Equal(2, double.Parse(sample[(sample.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(["-", "RL", "RL"], Lines().Select(l => FlagsField().Match(l).Groups[1].Value));
    }

    public void Dispose() => File.Delete(_log);

    private string[] Lines() => File.ReadAllLines(_log).Where(l => l.Length > 0).ToArray();

    [GeneratedRegex("^fulcrum_ratelimit_rejections_total\\{[^}]*\\} [0-9.e+]+", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex("\"flags\":\"([^\"]*)\"")]
    private static partial Regex FlagsField();
}
