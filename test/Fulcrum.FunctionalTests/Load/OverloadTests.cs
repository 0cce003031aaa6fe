using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Load;

/// <summary>
/// Overload (L7): 200 concurrent clients against a route whose <c>rateLimit</c> concurrency policy admits 16 requests
/// at a time, to a backend that takes 100 ms per request — twelve times what the route admits — for 3 s. The excess is
/// shed at once with 429 and <c>Retry-After</c> (never queued behind the backend, never a 5xx or a dropped connection), the
/// backend never sees more than the limit at once and stays busy (goodput; shedding ~8,000 429s a second costs CPU on
/// a 2-core machine, so it is asserted at a quarter of capacity and reported), and when the load stops the gateway serves normally straight away.
/// HTTP listeners have no connection cap of their own (Kestrel's <c>MaxConcurrentConnections</c> is left unlimited; a
/// tcp listener's <c>maxConnections</c> refuses at accept, see <c>TcpMaxConnectionsTests</c>), and
/// <c>http.maxConnectionsPerDestination</c> queues rather than sheds, so the concurrency limit is the shedding control.
/// </summary>
public sealed class OverloadTests(ITestOutputHelper output)
{
    private const int Limit = 16;
    private const int Clients = 200;
    private const int MaxRequestsPerClient = 200;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Get_TwelveTimesTheConcurrencyLimit_ExcessShedFastNo5xxRecovers()
    {
        var inFlight = 0;
        var peak = 0;
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted);
                await context.Response.WriteAsync("served");
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [admit], cluster: pool }
            clusters:
              pool: { destinations: { d1: { address: "{{backend.Address}}" } } }
            policies:
              admit: { type: rateLimit, algorithm: concurrency, limit: {{Limit}} }
            """);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = Clients }) { Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new ConcurrentDictionary<int, int>();
        var shedLatencies = new ConcurrentBag<double>();
        var servedLatencies = new ConcurrentBag<double>();
        var errors = new ConcurrentQueue<string>();
        var missingRetryAfter = 0;
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < MaxRequestsPerClient && clock.Elapsed < LoadTime; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.GetAsync(gateway.Url() + "/work");
                    await response.Content.ReadAsByteArrayAsync();
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        servedLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        shedLatencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (response.Headers.RetryAfter is null)
                        {
                            Interlocked.Increment(ref missingRetryAfter);
                        }
                    }
                }
                catch (HttpRequestException e)
                {
                    errors.Enqueue(e.Message);
                }
            }
        }))).WaitAsync(TimeSpan.FromSeconds(120));
        var loadTime = clock.Elapsed;

        var recovery = Stopwatch.StartNew();
        var recovered = 0;
        var firstAfter = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync(gateway.Url() + "/work");
            recovered += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
            firstAfter = i == 0 ? recovery.Elapsed : firstAfter;
        }

        var shed = shedLatencies.Order().ToArray();
        var accepted = servedLatencies.Order().ToArray();
        var served = statuses.GetValueOrDefault(200);
        output.WriteLine($"L7 overload: {Clients} clients for {LoadTime.TotalSeconds:0} s against a limit of {Limit} (100 ms per request) in {loadTime.TotalSeconds:0.0} s: "
            + $"{string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; connection errors {errors.Count}; "
            + $"shed p50 {Percentile(shed, 0.5):0} ms p99 {Percentile(shed, 0.99):0} ms; Retry-After missing {missingRetryAfter}; backend peak concurrency {peak}; "
            + $"goodput {served / loadTime.TotalSeconds:0} req/s (capacity {Limit / 0.1:0}), accepted p50 {Percentile(accepted, 0.5):0} ms p99 {Percentile(accepted, 0.99):0} ms; "
            + $"after the load {recovered} of 20 served, the first in {firstAfter.TotalMilliseconds:0} ms");
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(5)));
        Assert.True(statuses.Keys.All(s => s is 200 or 429), string.Join(", ", statuses.Keys));
        Assert.True(statuses.GetValueOrDefault(429) > 0, "nothing was shed");
        Assert.Equal(0, missingRetryAfter);
        Assert.True(peak <= Limit, $"the backend saw {peak} requests at once");
        Assert.True(Percentile(shed, 0.99) < 1000, $"shedding p99 {Percentile(shed, 0.99):0} ms");
        Assert.True(served / loadTime.TotalSeconds >= 0.25 * Limit / 0.1, $"goodput {served / loadTime.TotalSeconds:0} req/s of a capacity of {Limit / 0.1:0}");
        Assert.Equal(20, recovered);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
