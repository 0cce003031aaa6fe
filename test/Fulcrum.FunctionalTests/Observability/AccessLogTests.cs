using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Observability;

public sealed partial class AccessLogTests : IDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"fulcrum-access-{Guid.NewGuid():N}.log");

    [Fact]
    public async Task Json_EachRequest_OneLineWithRouteDestinationAndFlags()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var down = await TestBackend.StartAsync("down");
        down.Healthy = false;
        await using var gateway = await TestGateway.StartAsync($$"""
            observability: { accessLog: { format: json, path: "{{_log}}" } }
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              up:   { match: { pathPrefix: /up }, cluster: up }
              down: { match: { pathPrefix: /down }, cluster: down }
            clusters:
              up:   { destinations: {{Yaml.Destinations(b1)}} }
              down:
                destinations: {{Yaml.Destinations(down)}}
                healthCheck: { active: { interval: 100ms, timeout: 100ms, unhealthyAfter: 1 } }
            """);
        await Wait.UntilAsync(() => gateway.Runtime.Clusters["down"].Available.Count == 0, "the down cluster is unhealthy");

        using (var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/up/a?x=1"))
        {
            request.Headers.UserAgent.ParseAdd("fulcrum-test/1.0");
            (await gateway.Client.SendAsync(request)).Dispose();
        }

        (await gateway.Client.GetAsync(gateway.Url() + "/nowhere")).Dispose();
        (await gateway.Client.GetAsync(gateway.Url() + "/down")).Dispose();
        var lines = await ReadLinesAsync(3);

        using var ok = JsonDocument.Parse(lines[0]);
        var entry = ok.RootElement;
        Assert.Equal("GET", entry.GetProperty("method").GetString());
        Assert.Equal("/up/a?x=1", entry.GetProperty("path").GetString());
        Assert.Equal(200, entry.GetProperty("status").GetInt32());
        Assert.Equal("up", entry.GetProperty("route").GetString());
        Assert.Equal("b1", entry.GetProperty("destination").GetString());
        Assert.Equal("127.0.0.1", entry.GetProperty("client").GetString());
        Assert.Equal("fulcrum-test/1.0", entry.GetProperty("userAgent").GetString());
        Assert.True(entry.GetProperty("bytes").GetInt64() > 20);
        Assert.True(entry.GetProperty("upstreamDurationMs").GetDouble() > 0);
        Assert.Equal("-", entry.GetProperty("flags").GetString());
        Assert.Contains("\"flags\":\"NR\"", lines[1]);
        Assert.Contains("\"status\":404", lines[1]);
        Assert.Contains("\"flags\":\"UH\"", lines[2]);
        Assert.Contains("\"status\":503", lines[2]);
    }

    [Fact]
    public async Task Combined_Request_NginxCombinedLine()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(
            $"observability: {{ accessLog: {{ format: combined, path: \"{_log}\" }} }}\n" + Yaml.SingleCluster("", b1));

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/page?q=\"quoted\"");
        request.Headers.Referrer = new Uri("http://example.test/from");
        request.Headers.UserAgent.ParseAdd("curl/8.0");
        (await gateway.Client.SendAsync(request)).Dispose();
        var line = (await ReadLinesAsync(1))[0];

        Assert.Matches(CombinedLine(), line);
        Assert.Contains("\"GET /page?q=%22quoted%22 HTTP/1.1\" 200 ", line);
        Assert.EndsWith("\"http://example.test/from\" \"curl/8.0\"", line);
    }

    [Fact]
    public async Task Reload_AccessLogTurnedOff_StopsWriting()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        var withLog = $"observability: {{ accessLog: {{ path: \"{_log}\" }} }}\n" + Yaml.SingleCluster("", b1);
        await using var gateway = await TestGateway.StartAsync(withLog);
        (await gateway.Client.GetAsync(gateway.Url() + "/one")).Dispose();
        await ReadLinesAsync(1);

        Assert.True((await gateway.ReloadAsync(Yaml.SingleCluster("", b1))).Succeeded);
        (await gateway.Client.GetAsync(gateway.Url() + "/two")).Dispose();
        Assert.True((await gateway.ReloadAsync(withLog)).Succeeded);
        (await gateway.Client.GetAsync(gateway.Url() + "/three")).Dispose();

        var lines = await ReadLinesAsync(2);
        Assert.Contains("/one", lines[0]);
        Assert.Contains("/three", lines[1]);
    }

    private async Task<string[]> ReadLinesAsync(int count)
    {
        string[] lines = [];
        await Wait.UntilAsync(() =>
        {
            lines = File.Exists(_log) ? ReadShared(_log) : [];
            return lines.Length >= count;
        }, $"{count} access log lines are written");
        return lines;
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"^127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{2}:?\d{2}\] ""[^""]*"" \d{3} \d+ ""[^""]*"" ""[^""]*""$")]
    private static partial Regex CombinedLine();

    public void Dispose()
    {
        if (File.Exists(_log))
        {
            File.Delete(_log);
        }
    }
}
