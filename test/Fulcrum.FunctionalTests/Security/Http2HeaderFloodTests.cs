using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Header blocks that cost little on the wire and a lot to hold: an HPACK bomb (one 4,000-byte field put in the
/// dynamic table, then referenced 5,000 times in one block: ~20 MB decoded from ~5 KB), a CONTINUATION flood (a
/// header block that never ends, 16 KB frames of literals), and a flood of empty CONTINUATION frames. Each is cut
/// off — a stream or connection error — once the decoded headers pass the 32 KiB limit (the empty flood by the
/// header timeout at the latest), and nothing reaches the backend.
/// </summary>
public sealed class Http2HeaderFloodTests(ITestOutputHelper output)
{
    private static readonly (string, string)[] Request = [(":method", "GET"), (":scheme", "http"), (":path", "/flood"), (":authority", "a")];

    [Fact]
    public async Task Headers_HpackBomb_RejectedBackendUntouched()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true"));
        await using var attacker = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway));
        var before = Process.GetCurrentProcess().WorkingSet64;

        byte[] bomb = [.. RawHttp2Connection.Block(Request), .. RawHttp2Connection.IndexedLiteral("x-big", new string('a', 4_000)),
            .. Enumerable.Range(0, 5_000).SelectMany(_ => RawHttp2Connection.Indexed(62))];
        await attacker.WriteFrameAsync(RawHttp2Connection.Headers, RawHttp2Connection.EndHeaders | RawHttp2Connection.EndStream, 1, bomb);
        var answer = await attacker.ReadUntilAsync(f => f.Type is RawHttp2Connection.GoAway or RawHttp2Connection.RstStream || f.Status is not null);

        var grown = (Process.GetCurrentProcess().WorkingSet64 - before) / (1024 * 1024);
        output.WriteLine($"S14 HPACK bomb: {bomb.Length} bytes on the wire; answer {Describe(answer)}; working set +{grown} MiB; backend requests {spy.RequestCount}");
        Assert.NotNull(answer);
        Assert.True(answer.Type != RawHttp2Connection.Headers || answer.Status == 431, Describe(answer));
        Assert.Equal(0, spy.RequestCount);
    }

    [Fact]
    public async Task Headers_DynamicTableAndContinuationUsedFairly_Served()
    {
        // The encodings the attacks use, within limits: a 4,000-byte indexed field referenced three times, and a
        // block split across CONTINUATION frames, are an ordinary request.
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true"));
        await using var client = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway));

        byte[] fair = [.. RawHttp2Connection.Block(Request), .. RawHttp2Connection.IndexedLiteral("x-big", new string('a', 4_000)),
            .. RawHttp2Connection.Indexed(62), .. RawHttp2Connection.Indexed(62), .. RawHttp2Connection.Indexed(62)];
        await client.WriteFrameAsync(RawHttp2Connection.Headers, RawHttp2Connection.EndStream, 1, fair.AsSpan(0, 100));
        await client.WriteFrameAsync(RawHttp2Connection.Continuation, RawHttp2Connection.EndHeaders, 1, fair.AsSpan(100));
        var answer = await client.ReadUntilAsync(f => f.StreamId == 1 && f.Type is RawHttp2Connection.Headers or RawHttp2Connection.RstStream || f.Type == RawHttp2Connection.GoAway);

        Assert.Equal(200, answer?.Status);
        // Four fields, whether the forwarder sends them as four lines or one comma-joined line.
        Assert.Equal(4 * 4_000, string.Concat(spy.Requests.Single().All("x-big")).Count(c => c == 'a'));
    }

    [Theory]
    [InlineData(16_000)]
    [InlineData(0)]
    public async Task Headers_ContinuationFlood_CutOffBackendUntouched(int frameBytes)
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy, "http2: true, limits: { requestHeadersTimeout: 2s }"));
        await using var attacker = await RawHttp2Connection.OpenAsync(SpyGateway.EndPoint(gateway), TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();

        await attacker.WriteFrameAsync(RawHttp2Connection.Headers, RawHttp2Connection.EndStream, 1, RawHttp2Connection.Block(Request));
        var literals = RawHttp2Connection.Block(Enumerable.Range(0, frameBytes / 160).Select(i => ($"x-flood-{i:D4}", new string('c', 145))));
        var reading = attacker.ReadUntilAsync(f => f.Type is RawHttp2Connection.GoAway or RawHttp2Connection.RstStream);
        var frames = 0;
        long offered = 0;
        while (!reading.IsCompleted && offered < 50L * 1024 * 1024 && clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            var batch = Enumerable.Range(0, 16).SelectMany(_ => RawHttp2Connection.Frame(RawHttp2Connection.Continuation, 0, 1, literals)).ToArray();
            if (!await attacker.WriteRawAsync(batch))
            {
                break;
            }

            frames += 16;
            offered += batch.Length;
        }

        var end = await reading;
        output.WriteLine($"S14 CONTINUATION flood ({frameBytes} B frames): {frames} frames, {offered / 1024} KiB written before {(end is null ? "the close" : Describe(end))} after {clock.Elapsed.TotalSeconds:0.0}s; backend requests {spy.RequestCount}");
        // ReadUntilAsync gives up at its 10 s deadline, so anything sooner is the gateway ending the stream or connection.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"still accepting after {clock.Elapsed}");
        Assert.Equal(0, spy.RequestCount);
    }

    private static string Describe(Http2Frame? frame) => frame switch
    {
        null => "connection closed",
        { Type: RawHttp2Connection.GoAway } => $"GOAWAY {frame.ErrorCode}",
        { Type: RawHttp2Connection.RstStream } => $"RST_STREAM {frame.ErrorCode}",
        _ => $"HEADERS :status {frame.Status}",
    };
}
