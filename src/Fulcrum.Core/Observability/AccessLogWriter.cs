using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Fulcrum.Configuration;

namespace Fulcrum.Observability;

/// <summary>
/// Writes the access log off the request path: requests enqueue an entry into a bounded channel and one
/// background loop formats and writes. When the writer cannot keep up, entries are dropped and counted rather
/// than slowing requests down.
/// </summary>
internal sealed class AccessLogWriter : IAsyncDisposable
{
    private const int Capacity = 16_384;
    private readonly Channel<AccessLogEntry> _channel = Channel.CreateBounded<AccessLogEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Stream _output;
    private readonly bool _ownsOutput;
    private readonly bool _combined;
    private readonly Task _loop;
    private long _dropped;

    public AccessLogWriter(AccessLogConfig config)
    {
        Config = config;
        _combined = config.Format == "combined";
        if (config.Path == "stdout")
        {
            _output = Console.OpenStandardOutput();
        }
        else
        {
            _output = new FileStream(config.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            _ownsOutput = true;
        }

        _loop = Task.Run(WriteLoopAsync);
    }

    public AccessLogConfig Config { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(AccessLogEntry entry)
    {
        if (!_channel.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        await foreach (var entry in _channel.Reader.ReadAllAsync())
        {
            buffer.ResetWrittenCount();
            if (_combined)
            {
                FormatCombined(entry, buffer);
            }
            else
            {
                FormatJson(entry, buffer);
            }

            buffer.Write("\n"u8);
            try
            {
                await _output.WriteAsync(buffer.WrittenMemory);
                if (_channel.Reader.Count == 0)
                {
                    await _output.FlushAsync();
                }
            }
            catch (IOException)
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    internal static void FormatJson(AccessLogEntry entry, IBufferWriter<byte> output)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("timestamp", entry.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("client", entry.Client);
        json.WriteString("method", entry.Method);
        json.WriteString("host", entry.Host);
        json.WriteString("path", entry.Path);
        json.WriteString("protocol", entry.Protocol);
        json.WriteNumber("status", entry.Status);
        json.WriteNumber("bytes", entry.BytesSent);
        json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 3));
        if (entry.UpstreamDuration is { } upstream)
        {
            json.WriteNumber("upstreamDurationMs", Math.Round(upstream.TotalMilliseconds, 3));
        }

        WriteOptional(json, "listener", entry.Listener);
        WriteOptional(json, "route", entry.Route);
        WriteOptional(json, "cluster", entry.Cluster);
        WriteOptional(json, "destination", entry.Destination);
        WriteOptional(json, "consumer", entry.Consumer);
        WriteOptional(json, "userAgent", entry.UserAgent);
        json.WriteString("flags", FlagsText(entry.Flags));
        json.WriteEndObject();
    }

    /// <summary>nginx's combined format: <c>$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"</c>.</summary>
    internal static void FormatCombined(AccessLogEntry entry, IBufferWriter<byte> output)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{entry.Client} - {entry.Consumer ?? "-"} [{entry.Timestamp:dd/MMM/yyyy:HH:mm:ss zzz}] \"{Escape(entry.Method)} {Escape(entry.Path)} {entry.Protocol}\" {entry.Status} {entry.BytesSent} \"{Escape(entry.Referer ?? "-")}\" \"{Escape(entry.UserAgent ?? "-")}\"");
        var bytes = Encoding.UTF8.GetByteCount(line);
        Encoding.UTF8.GetBytes(line, output.GetSpan(bytes));
        output.Advance(bytes);
    }

    internal static string FlagsText(AccessLogFlags flags)
    {
        if (flags == AccessLogFlags.None)
        {
            return "-";
        }

        var codes = new List<string>(2);
        if (flags.HasFlag(AccessLogFlags.NoRoute)) codes.Add("NR");
        if (flags.HasFlag(AccessLogFlags.NoHealthyUpstream)) codes.Add("UH");
        if (flags.HasFlag(AccessLogFlags.UpstreamFailure)) codes.Add("UF");
        if (flags.HasFlag(AccessLogFlags.UpstreamTimeout)) codes.Add("UT");
        if (flags.HasFlag(AccessLogFlags.Retried)) codes.Add("RT");
        if (flags.HasFlag(AccessLogFlags.DownstreamDisconnect)) codes.Add("DC");
        if (flags.HasFlag(AccessLogFlags.RateLimited)) codes.Add("RL");
        return string.Join(',', codes);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    /// <summary>Quotes and control characters would let a client forge log lines; write them escaped.</summary>
    private static string Escape(string value)
    {
        if (!value.Any(c => c == '"' || c == '\\' || char.IsControl(c)))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
        await _output.FlushAsync();
        if (_ownsOutput)
        {
            await _output.DisposeAsync();
        }
    }
}
