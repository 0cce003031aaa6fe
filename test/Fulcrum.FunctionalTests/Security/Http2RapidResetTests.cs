using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// HTTP/2 rapid reset (CVE-2023-44487): one h2c connection opens streams and cancels each at once, 10,000 times, to
/// a backend that never answers. The streams' upstream requests are cancelled with them — upstream concurrency stays
/// within the listener's 100 streams per connection and falls back to nothing — and another client is still served
/// throughout. If Kestrel's own guard ends the connection (GOAWAY ENHANCE_YOUR_CALM), the figure says after how many.
/// "Cancelled" is counted in requests the backend holds, not its open connections: a connection the upstream client
/// opened for a request that was reset meanwhile stays in the pool, idle (a full-suite run failed on exactly that).
/// </summary>
public sealed class Http2RapidResetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Headers_ThenResetTenThousandTimes_UpstreamBoundedOthersServed()
    {
        await using var spy = await SpyBackend.StartAsync("hang", ChaosMode.Hang);
        await using var healthy = await SpyBackend.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true",
            extraRoutes: "healthy: { match: { pathPrefix: /healthy }, cluster: other }",
            extraClusters: $"other: {{ destinations: {Yaml.Destinations(healthy)} }}"));
        await using var attacker = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway));

        const int Streams = 10_000;
        var sent = 0;
        var batch = new List<byte>();
        for (var stream = 1; sent < Streams; stream += 2)
        {
            batch.AddRange(RawHttp2Connection.Frame(RawHttp2Connection.Headers, RawHttp2Connection.EndHeaders | RawHttp2Connection.EndStream, stream,
                RawHttp2Connection.Block([(":method", "GET"), (":scheme", "http"), (":path", "/slow"), (":authority", "a")])));
            batch.AddRange(RawHttp2Connection.Frame(RawHttp2Connection.RstStream, 0, stream, [0, 0, 0, (byte)RawHttp2Connection.Cancel]));
            sent++;
            if (sent % 100 == 0 && !await attacker.WriteRawAsync([.. batch]))
            {
                break;
            }

            if (sent % 100 == 0)
            {
                batch.Clear();
            }
        }

        var goAway = await attacker.ReadUntilAsync(f => f.Type == RawHttp2Connection.GoAway);
        var ending = goAway is not null ? $"GOAWAY {goAway.ErrorCode}" : attacker.ClosedByServer ? "closed without GOAWAY" : "left open";
        using var other = await gateway.Client.GetAsync(gateway.Url() + "/healthy/x");
        await Wait.UntilAsync(() => spy.PendingRequests == 0, "every upstream request of a reset stream is cancelled", TimeSpan.FromSeconds(20));

        output.WriteLine($"S13 rapid reset: {sent} HEADERS+RST_STREAM pairs written; connection {ending}; "
            + $"upstream requests started {spy.RequestCount}, peak upstream concurrency {spy.PeakOpenConnections}, left open 0; other client {(int)other.StatusCode}");
        Assert.Equal(200, (int)other.StatusCode);
        Assert.True(spy.PeakOpenConnections <= 100 + 10, $"peak upstream concurrency {spy.PeakOpenConnections}");
    }

    [Fact]
    public async Task Headers_150StreamsToHangingBackendThenReset_UpstreamAtMost100AndAllCancelled()
    {
        await using var spy = await SpyBackend.StartAsync("hang", ChaosMode.Hang);
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true"));
        await using var attacker = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway));

        var streams = Enumerable.Range(0, 150).Select(i => 1 + (2 * i)).ToArray();
        foreach (var stream in streams)
        {
            await attacker.SendRequestAsync(stream, "GET", "/slow", "a");
        }

        await Wait.UntilAsync(() => spy.OpenConnections >= 100, "the first 100 streams are forwarded", TimeSpan.FromSeconds(20));
        var forwarded = spy.OpenConnections;
        foreach (var stream in streams)
        {
            await attacker.ResetStreamAsync(stream);
        }

        await Wait.UntilAsync(() => spy.PendingRequests == 0, "every upstream request of a reset stream is cancelled", TimeSpan.FromSeconds(20));
        output.WriteLine($"S13 150 streams then reset: upstream requests in flight {forwarded} (limit 100 per connection), peak {spy.PeakOpenConnections}; after the resets 0 left");
        Assert.True(spy.PeakOpenConnections <= 100, $"peak upstream concurrency {spy.PeakOpenConnections}");
    }
}
