using System.Buffers;
using System.Text;
using System.Text.Json;
using Fulcrum.Observability;

namespace Fulcrum.Tests.Observability;

public class AccessLogWriterTests
{
    private static AccessLogEntry Entry(string path = "/a", string? userAgent = "curl/8", AccessLogFlags flags = AccessLogFlags.None) => new(
        new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), "192.0.2.7", "GET", "example.test", path, "HTTP/1.1", 200, 1234,
        TimeSpan.FromMilliseconds(12.5), TimeSpan.FromMilliseconds(10), "web", "r", "c", "d1", null, userAgent, null, flags);

    [Fact]
    public void FormatJson_Entry_AllFieldsAsJson()
    {
        var buffer = new ArrayBufferWriter<byte>();

        AccessLogWriter.FormatJson(Entry(flags: AccessLogFlags.Retried | AccessLogFlags.UpstreamFailure), buffer);

        using var json = JsonDocument.Parse(buffer.WrittenMemory);
        var root = json.RootElement;
        Assert.Equal("2026-11-23T10:00:00.0000000Z", root.GetProperty("timestamp").GetString());
        Assert.Equal(1234, root.GetProperty("bytes").GetInt64());
        Assert.Equal(12.5, root.GetProperty("durationMs").GetDouble());
        Assert.Equal(10, root.GetProperty("upstreamDurationMs").GetDouble());
        Assert.Equal("d1", root.GetProperty("destination").GetString());
        Assert.Equal("UF,RT", root.GetProperty("flags").GetString());
        Assert.False(root.TryGetProperty("consumer", out _));
    }

    [Fact]
    public void FormatCombined_Entry_NginxCombined()
    {
        var buffer = new ArrayBufferWriter<byte>();

        AccessLogWriter.FormatCombined(Entry(), buffer);

        Assert.Equal("192.0.2.7 - - [23/Nov/2026:10:00:00 +00:00] \"GET /a HTTP/1.1\" 200 1234 \"-\" \"curl/8\"", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void FormatCombined_QuotesAndControlCharacters_EscapedSoNoLineCanBeForged()
    {
        var buffer = new ArrayBufferWriter<byte>();

        AccessLogWriter.FormatCombined(Entry(userAgent: "x\" 200 0 \"-\"\n127.0.0.1 - - [fake"), buffer);

        var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.DoesNotContain('\n', line);
        Assert.EndsWith("\"x\\\" 200 0 \\\"-\\\"\\x0A127.0.0.1 - - [fake\"", line);
    }

    [Fact]
    public void FlagsText_None_Dash() => Assert.Equal("-", AccessLogWriter.FlagsText(AccessLogFlags.None));
}
