using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// A cleartext HTTP/2 (prior knowledge) client that writes frames exactly as told — including ones no real client
/// sends: HEADERS without END_HEADERS, endless CONTINUATION, RST_STREAM right after HEADERS, header names and values
/// no HTTP/2 library would encode — and reads the server's frames with a deadline. Header blocks are HPACK
/// literals (never Huffman-coded), plus the indexed and incrementally-indexed forms an HPACK bomb needs.
/// </summary>
internal sealed class RawHttp2Connection : IAsyncDisposable
{
    public const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8, Continuation = 0x9;
    public const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;
    public const uint Cancel = 0x8, EnhanceYourCalm = 0xb;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeSpan _deadline;
    private readonly byte[] _header = new byte[9];

    private RawHttp2Connection(Socket socket, TimeSpan deadline)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _deadline = deadline;
    }

    /// <summary>True once a read found the connection closed or reset by the server (not merely the deadline passing).</summary>
    public bool ClosedByServer { get; private set; }

    /// <summary>Bytes the server has accepted from us so far (what a flood got through before the close).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Connects, sends the preface and an empty SETTINGS, and acknowledges the server's SETTINGS.</summary>
    public static async Task<RawHttp2Connection> OpenAsync(IPEndPoint endPoint, TimeSpan? deadline = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await socket.ConnectAsync(endPoint, connect.Token);
        }

        var connection = new RawHttp2Connection(socket, deadline ?? TimeSpan.FromSeconds(10));
        await connection.WriteRawAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await connection.WriteFrameAsync(Settings, 0, 0, []);
        await connection.WriteFrameAsync(Settings, Ack, 0, []);
        return connection;
    }

    /// <summary>A HEADERS frame for a request with the given pseudo-headers and headers, as literals.</summary>
    public Task<bool> SendRequestAsync(int streamId, string method, string path, string authority, IEnumerable<(string Name, string Value)>? headers = null, bool endStream = true)
    {
        var block = Block([(":method", method), (":scheme", "http"), (":path", path), (":authority", authority), .. headers ?? []]);
        return WriteFrameAsync(Headers, (byte)(EndHeaders | (endStream ? EndStream : 0)), streamId, block);
    }

    /// <summary>An HPACK block of literal fields "without indexing, new name" (RFC 7541 §6.2.2), no Huffman.</summary>
    public static byte[] Block(IEnumerable<(string Name, string Value)> fields)
    {
        var block = new List<byte>();
        foreach (var (name, value) in fields)
        {
            block.Add(0x00);
            AppendString(block, name);
            AppendString(block, value);
        }

        return [.. block];
    }

    /// <summary>A literal "with incremental indexing, new name" (§6.2.1): the field also enters the dynamic table.</summary>
    public static byte[] IndexedLiteral(string name, string value)
    {
        var block = new List<byte> { 0x40 };
        AppendString(block, name);
        AppendString(block, value);
        return [.. block];
    }

    /// <summary>An indexed field (§6.1); index 62 is the newest dynamic-table entry.</summary>
    public static byte[] Indexed(int index)
    {
        var block = new List<byte>();
        AppendInteger(block, 0x80, 7, index);
        return [.. block];
    }

    public Task<bool> WriteFrameAsync(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload) =>
        WriteRawAsync(Frame(type, flags, streamId, payload));

    /// <summary>One frame's bytes, for tests that batch many frames into one write.</summary>
    public static byte[] Frame(byte type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId & 0x7fffffff);
        payload.CopyTo(frame.AsSpan(9));
        return frame;
    }

    public Task<bool> ResetStreamAsync(int streamId, uint code = Cancel)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, code);
        return WriteFrameAsync(RstStream, 0, streamId, payload);
    }

    /// <summary>False once the server has closed or reset the connection.</summary>
    public async Task<bool> WriteRawAsync(byte[] bytes)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_deadline);
            await _stream.WriteAsync(bytes, deadline.Token);
            BytesWritten += bytes.Length;
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>The next frame, or null when the connection closed (or the deadline passed).</summary>
    public async Task<Http2Frame?> ReadFrameAsync()
    {
        using var deadline = new CancellationTokenSource(_deadline);
        try
        {
            await _stream.ReadExactlyAsync(_header, deadline.Token);
            var length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, deadline.Token);
            return new Http2Frame(_header[3], _header[4], BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(5)) & 0x7fffffff, payload);
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException or ObjectDisposedException)
        {
            ClosedByServer = true;
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads frames until one matches, the connection closes, or the deadline passes (then null).</summary>
    public async Task<Http2Frame?> ReadUntilAsync(Func<Http2Frame, bool> match)
    {
        while (await ReadFrameAsync() is { } frame)
        {
            if (frame.Type == Settings && (frame.Flags & Ack) == 0)
            {
                await WriteFrameAsync(Settings, Ack, 0, []);
            }

            if (match(frame))
            {
                return frame;
            }
        }

        return null;
    }

    private static void AppendString(List<byte> block, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        AppendInteger(block, 0x00, 7, bytes.Length);
        block.AddRange(bytes);
    }

    private static void AppendInteger(List<byte> block, byte prefix, int bits, int value)
    {
        var max = (1 << bits) - 1;
        if (value < max)
        {
            block.Add((byte)(prefix | value));
            return;
        }

        block.Add((byte)(prefix | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        block.Add((byte)value);
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>One HTTP/2 frame as read off the wire.</summary>
internal sealed record Http2Frame(byte Type, byte Flags, int StreamId, byte[] Payload)
{
    /// <summary>The error code of a RST_STREAM or GOAWAY frame.</summary>
    public uint ErrorCode => Type switch
    {
        RawHttp2Connection.RstStream => BinaryPrimitives.ReadUInt32BigEndian(Payload),
        RawHttp2Connection.GoAway => BinaryPrimitives.ReadUInt32BigEndian(Payload.AsSpan(4)),
        _ => 0,
    };

    /// <summary>The <c>:status</c> of a response HEADERS frame, when Kestrel sent it as a static-table index (it does for common codes) or a literal.</summary>
    public int? Status => Type != RawHttp2Connection.Headers || Payload.Length == 0 ? null : Payload[0] switch
    {
        0x88 => 200,
        0x89 => 204,
        0x8a => 206,
        0x8b => 304,
        0x8c => 400,
        0x8d => 404,
        0x8e => 500,
        _ => LiteralStatus(),
    };

    private int? LiteralStatus()
    {
        // Literal with an indexed name :status (static index 8–14): 0x48 (incremental), 0x08 (without), 0x18 (never).
        if (Payload.Length >= 5 && (Payload[0] & 0x0f) is >= 8 and <= 14 && Payload[1] == 3)
        {
            return int.Parse(Encoding.ASCII.GetString(Payload, 2, 3), System.Globalization.CultureInfo.InvariantCulture);
        }

        return null;
    }
}
