using System.Diagnostics;
using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Listeners;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Load;

/// <summary>
/// HTTP/2 load (L2, the bounded CI form; bench/macro runs h2load for the long one): many streams over few
/// connections — two h2c client connections, each asked for 150 concurrent streams, 50% over the listener's
/// 100 streams per connection — through an h2c listener to an HTTP/2 backend. The client holds the extra streams back
/// as SETTINGS_MAX_CONCURRENT_STREAMS asks, so none fails; a raw client that ignores the limit has its extra streams
/// refused (RST_STREAM REFUSED_STREAM, safe to retry: RFC 9113 §8.7) while the first 100 complete.
/// </summary>
public sealed class Http2MultiplexedLoadTests(ITestOutputHelper output)
{
    private const int Connections = 2;
    private const int StreamsPerConnection = 150;
    private const int RequestsPerStream = 40;

    [Fact]
    public async Task Get_ManyStreamsOverTwoConnections_NoneFailed()
    {
        await using var backend = await TestBackend.StartAsync("h2", HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, http2: true, address: 127.0.0.1:0 }
            routes:
              all: { match: { pathPrefix: / }, cluster: pool }
            clusters:
              pool: { http: { version: "2" }, destinations: {{Yaml.Destinations(backend)}} }
            """);
        var listener = gateway.Runtime.Listeners["web"];
        var clients = Enumerable.Range(0, Connections).Select(_ => new HttpClient(new SocketsHttpHandler { UseProxy = false, EnableMultipleHttp2Connections = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(60),
        }).ToList();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var succeeded = 0;
        long peakConnections = 0;
        var clock = Stopwatch.StartNew();

        var streams = clients.SelectMany(client => Enumerable.Range(0, StreamsPerConnection).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < RequestsPerStream; i++)
            {
                try
                {
                    using var response = await client.GetAsync(gateway.Url() + "/x");
                    await response.Content.ReadAsByteArrayAsync();
                    if (response.StatusCode == HttpStatusCode.OK && response.Version == HttpVersion.Version20)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        failures.Enqueue($"{(int)response.StatusCode} over HTTP/{response.Version}");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue(e.Message);
                }

                var open = listener.ActiveConnections;
                long peak;
                while (open > (peak = Interlocked.Read(ref peakConnections)) && Interlocked.CompareExchange(ref peakConnections, open, peak) != peak)
                {
                }
            }
        }))).ToList();
        await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(120));
        var elapsed = clock.Elapsed;
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var total = Connections * StreamsPerConnection * RequestsPerStream;
        output.WriteLine($"L2 h2 multiplexed: {Connections} connections × {StreamsPerConnection} concurrent streams (limit {Http2Protections.MaxStreamsPerConnection}), "
            + $"failed {failures.Count} of {total} in {elapsed.TotalSeconds:0.0} s ({total / elapsed.TotalSeconds:0} req/s); peak client connections at the listener {peakConnections}; backend served {backend.Requests}");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(5)));
        Assert.Equal(total, succeeded);
        Assert.True(peakConnections <= Connections, $"{peakConnections} connections");
    }

    [Fact]
    public async Task Headers_150StreamsIgnoringTheLimit_ExtraRefusedFirst100Complete()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var spy = await SpyBackend.StartAsync();
        spy.Hold = _ => gate.Task;
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", spy).Replace("protocol: http,", "protocol: http, http2: true,", StringComparison.Ordinal));
        await using var client = await RawHttp2Connection.OpenAsync(gateway.EndPoint(), TimeSpan.FromSeconds(20));

        var ids = Enumerable.Range(0, 150).Select(i => 1 + (2 * i)).ToArray();
        foreach (var id in ids)
        {
            await client.SendRequestAsync(id, "GET", $"/s/{id}", "a");
        }

        var refused = new HashSet<int>();
        var completed = new HashSet<int>();
        var other = new List<string>();
        var released = false;
        while (refused.Count + completed.Count + other.Count < ids.Length)
        {
            if (!released && refused.Count == ids.Length - Http2Protections.MaxStreamsPerConnection)
            {
                await Wait.UntilAsync(() => spy.PendingRequests == Http2Protections.MaxStreamsPerConnection, "100 streams are held upstream");
                gate.SetResult();
                released = true;
            }

            var frame = await client.ReadUntilAsync(f => f.Type is RawHttp2Connection.RstStream or RawHttp2Connection.GoAway
                || (f.Type is RawHttp2Connection.Headers or RawHttp2Connection.Data && (f.Flags & RawHttp2Connection.EndStream) != 0));
            if (frame is null || frame.Type == RawHttp2Connection.GoAway)
            {
                other.Add(frame is null ? "connection ended" : $"GOAWAY {frame.ErrorCode}");
                break;
            }

            if (frame.Type == RawHttp2Connection.RstStream && frame.ErrorCode == 0x7)
            {
                refused.Add(frame.StreamId);
            }
            else if (frame.Type == RawHttp2Connection.RstStream)
            {
                other.Add($"RST {frame.ErrorCode} on {frame.StreamId}");
            }
            else
            {
                completed.Add(frame.StreamId);
            }
        }

        output.WriteLine($"L2 150 streams on one connection ignoring the limit: refused (REFUSED_STREAM) {refused.Count}, completed {completed.Count}, other {string.Join(", ", other)}; peak upstream {spy.PeakOpenConnections}");
        Assert.Empty(other);
        Assert.Equal(ids.Length - Http2Protections.MaxStreamsPerConnection, refused.Count);
        Assert.Equal(Http2Protections.MaxStreamsPerConnection, completed.Count);
        Assert.True(spy.PeakOpenConnections <= Http2Protections.MaxStreamsPerConnection);
    }
}
