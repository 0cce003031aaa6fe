using System.Net;
using System.Text.RegularExpressions;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Observability;

public sealed partial class PrometheusMetricsTests
{
    [Fact]
    public async Task Scrape_AfterTraffic_CountsByRouteClusterDestinationAndStatusClass()
    {
        await using var good = await TestBackend.StartAsync("good");
        await using var bad = await TestBackend.StartAsync("bad");
        bad.ForcedStatus = 500;
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", good, bad));
        for (var i = 0; i < 20; i++)
        {
            (await gateway.Client.GetAsync(gateway.Url() + "/")).Dispose();
        }

        (await gateway.Client.PostAsync(gateway.AdminUrl + "/api/reload", null)).Dispose();
        var text = await gateway.Client.GetStringAsync(gateway.AdminUrl + "/metrics");

        Assert.Equal(10, Sample(text, "fulcrum_requests_total", "cluster=\"pool\"", "destination=\"good\"", "route=\"all\"", "status_class=\"2xx\""));
        Assert.Equal(10, Sample(text, "fulcrum_requests_total", "destination=\"bad\"", "status_class=\"5xx\""));
        Assert.Equal(10, Sample(text, "fulcrum_request_duration_seconds_count", "route=\"all\"", "status_class=\"5xx\""));
        Assert.Equal(1, Sample(text, "fulcrum_config_reloads_total", "result=\"success\""));
        Assert.Equal(2, Sample(text, "fulcrum_config_generation"));
        Assert.Equal(1, Sample(text, "fulcrum_destination_available", "destination=\"good\""));
        // .NET's own semantic-convention instruments ride along: upstream calls and Kestrel connections.
        Assert.Contains("http_client_request_duration_seconds_count", text);
        Assert.Contains("kestrel_active_connections", text);
        // Up-down counters updated per connection or request for figures the gateway has or that always read 0 are dropped.
        Assert.DoesNotContain("kestrel_queued_connections", text);
        Assert.DoesNotContain("http_client_active_requests", text);
    }

    [Fact]
    public async Task Scrape_NoRouteRequests_CountedUnderEmptyRoute()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.ForAddress(b1.Address).Replace("pathPrefix: /", "pathPrefix: /only"));
        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/elsewhere");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var text = await gateway.Client.GetStringAsync(gateway.AdminUrl + "/metrics");

        Assert.Equal(3, Sample(text, "fulcrum_requests_total", "route=\"\"", "status_class=\"4xx\""));
    }

    [Fact]
    public async Task Scrape_TrafficBeforeAndAfterReload_CountsCarryOn()
    {
        await using var good = await TestBackend.StartAsync("good");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", good));
        for (var i = 0; i < 4; i++)
        {
            (await gateway.Client.GetAsync(gateway.Url() + "/")).Dispose();
        }

        // A real change (retries added): the config is parsed and applied again, the destination stays.
        var reloaded = await gateway.ReloadAsync(Yaml.Admin + Yaml.SingleCluster("retries: { attempts: 1 }", good));
        Assert.True(reloaded.Succeeded, reloaded.ToString());
        for (var i = 0; i < 3; i++)
        {
            (await gateway.Client.GetAsync(gateway.Url() + "/")).Dispose();
        }

        var text = await gateway.Client.GetStringAsync(gateway.AdminUrl + "/metrics");

        Assert.Equal(7, Sample(text, "fulcrum_requests_total", "destination=\"good\"", "route=\"all\"", "status_class=\"2xx\""));
        Assert.Equal(7, Sample(text, "fulcrum_request_duration_seconds_count", "route=\"all\"", "status_class=\"2xx\""));
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string exposition, string metric, params string[] labels)
    {
        var matches = exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .ToList();
        Assert.True(matches.Count == 1, $"expected one {metric} sample with {string.Join(",", labels)}, found {matches.Count}:\n{string.Join("\n", matches)}");
        return double.Parse(Value().Match(matches[0]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\}?\s(\S+)(\s\d+)?$")]
    private static partial Regex Value();
}
