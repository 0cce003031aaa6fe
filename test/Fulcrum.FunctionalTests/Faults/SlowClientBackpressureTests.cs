using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A slow client under backpressure (F8): a backend streams a 256 MiB body as fast as it can to a client that reads
/// its head and then nothing. The gateway (a separate <c>fulcrum</c> process, so its RSS is its own) buffers no more
/// than its copy buffers: the backend is throttled — its writes stop completing after a few MiB, the kernel's socket
/// buffers on both legs included — and the gateway's RSS barely moves, while other clients are served normally.
/// When the client finally closes, the upstream request is cancelled with it. (Kestrel's minimum response data rate,
/// 240 B/s after 5 s, judges each pending 64 KiB flush on its own, so it would take minutes to cut a client that
/// reads nothing.)
/// </summary>
public sealed class SlowClientBackpressureTests(ITestOutputHelper output) : IDisposable
{
    private const long BodyBytes = 256L * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-backpressure-").FullName;

    /// <summary>Both upstream paths: YARP's and the lean HTTP/1.1 one (<c>http.forwarder: auto</c>, the default).</summary>
    [Theory]
    [InlineData("yarp")]
    [InlineData("auto")]
    public async Task Get_ClientStopsReadingLargeStream_BackendThrottledGatewayMemoryFlatOthersServed(string forwarder)
    {
        long written = 0;
        var ended = new TaskCompletionSource<(TimeSpan At, string How, long Written)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            if (!context.Request.Path.StartsWithSegments("/big"))
            {
                await context.Response.WriteAsync("ok");
                return;
            }

            var total = long.Parse(context.Request.Query["bytes"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var chunk = new byte[64 * 1024];
            context.Response.ContentLength = total;
            try
            {
                for (long sent = 0; sent < total; sent += chunk.Length)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    if (total == BodyBytes)
                    {
                        Interlocked.Add(ref written, chunk.Length);
                    }
                }

                if (total == BodyBytes)
                {
                    // Kestrel completes writes to a connection it has already lost without an error, so a loop that
                    // ends is not proof the gateway took the body: it did only if this connection is still alive.
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
                        ended.TrySetResult((clock.Elapsed, "drained to the end", Interlocked.Read(ref written)));
                    }
                    catch (OperationCanceledException)
                    {
                        ended.TrySetResult((clock.Elapsed, "cancelled", Interlocked.Read(ref written)));
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionAbortedException)
            {
                if (total == BodyBytes)
                {
                    ended.TrySetResult((clock.Elapsed, "cancelled", Interlocked.Read(ref written)));
                }
            }
        });
        var path = Path.Combine(_directory, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, Yaml.ForAddress(backend.Address, $"http: {{ forwarder: {forwarder} }}"));
        await using var gateway = GatewayProcess.Start(["--config", path]);
        var url = await gateway.WaitForListenerAsync("web");
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };

        // Warm up both paths, a fast reader through the whole big one, so that pools and buffers exist before the baseline.
        for (var i = 0; i < 3; i++)
        {
            var bytes = await client.GetByteArrayAsync($"{url}/big?bytes={16 * 1024 * 1024}");
            Assert.Equal(16 * 1024 * 1024, bytes.Length);
        }

        var warmUp = new LoadDriver(client, url + "/ok", workers: 4, maxRequests: 500);
        warmUp.Start();
        await warmUp.StopAsync();
        var rssBefore = RssBytes(gateway.Id);

        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8 * 1024 };
        var endPoint = new Uri(url);
        await slow.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endPoint.Port));
        await slow.SendAsync(Encoding.ASCII.GetBytes($"GET /big?bytes={BodyBytes} HTTP/1.1\r\nHost: a\r\n\r\n"), SocketFlags.None);
        var head = new byte[512];
        var headRead = await slow.ReceiveAsync(head, SocketFlags.None);
        Assert.StartsWith("HTTP/1.1 200", Encoding.ASCII.GetString(head, 0, headRead), StringComparison.Ordinal);

        // Stalled: the backend's writes stopped completing (no progress for a whole second).
        long last = -1;
        var still = Stopwatch.StartNew();
        await Wait.UntilAsync(() =>
        {
            var now = Interlocked.Read(ref written);
            if (now != last)
            {
                last = now;
                still.Restart();
            }

            return now > 0 && still.Elapsed > TimeSpan.FromSeconds(1);
        }, "the backend's writes stop completing", TimeSpan.FromSeconds(20));
        var stalledAt = Interlocked.Read(ref written);
        var rssStalled = RssBytes(gateway.Id);

        var others = new LoadDriver(client, url + "/ok", workers: 8, maxRequests: 500, maxDuration: TimeSpan.FromSeconds(20));
        others.Start();
        await Wait.UntilAsync(() => others.Total >= 500, "500 requests of other clients", TimeSpan.FromSeconds(25));
        await others.StopAsync();

        // The client gives up: its upstream request is cancelled with it, nothing is left streaming into the gateway.
        slow.Close();
        var closedAt = clock.Elapsed;
        var (cutAt, how, writtenAtEnd) = await ended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var mib = 1024.0 * 1024;
        output.WriteLine($"F8 slow reader ({forwarder}): backend blocked after {stalledAt / mib:0.0} MiB of {BodyBytes / mib:0} MiB; gateway RSS {rssBefore / mib:0} → {rssStalled / mib:0} MiB "
            + $"({(rssStalled - rssBefore) / mib:+0.0;-0.0} MiB); other clients failed {others.Failures.Count} of {others.Total}; "
            + $"after the client closed, the upstream request was {how} {(cutAt - closedAt).TotalMilliseconds:0} ms later ({(writtenAtEnd - stalledAt) / mib:0.0} MiB more accepted by the backend's Kestrel after the stall)");
        Assert.True(stalledAt < 64 * mib, $"the backend wrote {stalledAt / mib:0.0} MiB before it was throttled");
        Assert.True(rssStalled - rssBefore < 24 * mib, $"gateway RSS grew {(rssStalled - rssBefore) / mib:0.0} MiB");
        Assert.True(others.Failures.IsEmpty, string.Join("\n", others.Failures.Take(5)));
        Assert.Equal("cancelled", how);
        Assert.True(cutAt - closedAt < TimeSpan.FromSeconds(10), $"cancelled {(cutAt - closedAt).TotalSeconds:0.0} s after the client closed");
    }

    private static long RssBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
