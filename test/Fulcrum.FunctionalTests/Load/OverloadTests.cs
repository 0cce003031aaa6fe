using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Load;

/// <summary>
/// Overload (L7): 200 concurrent clients against a route whose <c>rateLimit</c> concurrency policy admits 16 requests
/// at a time, to a backend that takes 100 ms per request — twelve times what the route admits — for 3 s. The excess is
/// shed at once with 429 and <c>Retry-After</c> (never queued behind the backend: under 100 ms at p99 by the gateway's own
/// clock, <c>fulcrum.request.duration</c>; never a 5xx or a dropped connection), the
/// backend never sees more than the limit at once and is kept busy (its mean concurrency over the load, at least a
/// quarter of the limit: a permit the gateway held on to or failed to give back would leave it idle), and when the load
/// stops the gateway serves normally straight away. Goodput and the clients' latencies are reported, not asserted:
/// clients, gateway and backend share one process and its thread pool here, so with ~8,000 429s a second on 2 cores
/// the backend's work and the clients' own continuations wait for threads (mean concurrency 7.0–10.9 of 16, goodput
/// 40–98 req/s of 160, client-side shed p99 37–1,087 ms in seven runs on 2026-12-07; the gateway's own p99 0.1–0.3 ms).
/// Each client yields before a request, so its loop runs on the pool rather than on the process's one socket event
/// thread, where it used to run ahead of the gateway's and backend's events (goodput 13–18 req/s, on builds old and new).
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

    /// <summary>A route name of its own: the duration listener below hears every gateway in this test process.</summary>
    private const string RouteName = "overloaded";

    [Fact]
    public async Task Get_TwelveTimesTheConcurrencyLimit_ExcessShedFastNo5xxRecovers()
    {
        // The gateway's own time for each refusal (fulcrum.request.duration, from routing to the end of the response),
        // which the clients' clock cannot give: theirs includes waiting for a thread of this shared process.
        var shedSeconds = new ConcurrentQueue<double>();
        using var durations = new MeterListener();
        durations.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Name: "fulcrum.request.duration", Meter.Name: "Fulcrum" })
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        durations.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            string? route = null, statusClass = null;
            foreach (var tag in tags)
            {
                route = tag.Key == "route" ? tag.Value as string : route;
                statusClass = tag.Key == "status_class" ? tag.Value as string : statusClass;
            }

            if (route == RouteName && statusClass == "4xx")
            {
                shedSeconds.Enqueue(seconds);
            }
        });
        durations.Start();
        var inFlight = 0;
        var peak = 0;
        long busyTicks = 0;
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            var entered = Stopwatch.GetTimestamp();
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
                Interlocked.Add(ref busyTicks, Stopwatch.GetElapsedTime(entered).Ticks);
            }
        });
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              {{RouteName}}: { match: { pathPrefix: / }, policies: [admit], cluster: pool }
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
                // Off the socket event thread: with inline completions a client's loop would otherwise run on the one
                // event thread this process has, ahead of the gateway's and the backend's own socket events.
                await Task.Yield();
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
        var meanConcurrency = TimeSpan.FromTicks(Interlocked.Read(ref busyTicks)).TotalSeconds / loadTime.TotalSeconds;

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
        var shedAtGateway = shedSeconds.Select(seconds => seconds * 1000).Order().ToArray();
        var accepted = servedLatencies.Order().ToArray();
        var served = statuses.GetValueOrDefault(200);
        output.WriteLine($"L7 overload: {Clients} clients for {LoadTime.TotalSeconds:0} s against a limit of {Limit} (100 ms per request) in {loadTime.TotalSeconds:0.0} s: "
            + $"{string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; connection errors {errors.Count}; "
            + $"shed p50 {Percentile(shed, 0.5):0} ms p99 {Percentile(shed, 0.99):0} ms (in the gateway: p50 {Percentile(shedAtGateway, 0.5):0.00} ms p99 {Percentile(shedAtGateway, 0.99):0.00} ms); Retry-After missing {missingRetryAfter}; backend peak concurrency {peak}, mean {meanConcurrency:0.0}; "
            + $"goodput {served / loadTime.TotalSeconds:0} req/s (capacity {Limit / 0.1:0}), accepted p50 {Percentile(accepted, 0.5):0} ms p99 {Percentile(accepted, 0.99):0} ms; "
            + $"after the load {recovered} of 20 served, the first in {firstAfter.TotalMilliseconds:0} ms");
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(5)));
        Assert.True(statuses.Keys.All(s => s is 200 or 429), string.Join(", ", statuses.Keys));
        Assert.True(statuses.GetValueOrDefault(429) > 0, "nothing was shed");
        Assert.Equal(0, missingRetryAfter);
        Assert.True(peak <= Limit, $"the backend saw {peak} requests at once");
        // Queued behind a backend that takes 100 ms, twelve deep, a refusal would take ~1 s; shed at once, a millisecond.
        Assert.True(shedAtGateway.Length > 0, "no refusal was timed");
        Assert.True(Percentile(shedAtGateway, 0.99) < 100, $"shedding p99 {Percentile(shedAtGateway, 0.99):0} ms in the gateway");
        Assert.True(meanConcurrency >= 0.25 * Limit, $"the backend was kept at {meanConcurrency:0.0} requests at once on average, of {Limit} admitted");
        Assert.Equal(20, recovered);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
