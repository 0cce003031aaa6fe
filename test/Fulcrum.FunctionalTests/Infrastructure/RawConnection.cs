using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// One TCP connection to a listener, for requests HttpClient will not send (garbage headers, a body cut short, a
/// chunked body paced by the test) and for answers it would hide (a response read while the request still
/// streams). Optionally from another loopback address (127.0.0.2 …) to play a second client. Every operation has
/// a deadline.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly List<byte> _pending = [];
    private readonly TimeSpan _deadline;

    private RawConnection(Socket socket, TimeSpan deadline)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _deadline = deadline;
    }

    /// <summary>Opens a connection; <paramref name="deadline"/> bounds every later write and read.</summary>
    public static async Task<RawConnection> OpenAsync(IPEndPoint endPoint, string localAddress = "127.0.0.1", TimeSpan? deadline = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            using var connectDeadline = new CancellationTokenSource(DefaultDeadline);
            await socket.ConnectAsync(endPoint, connectDeadline.Token);
            return new RawConnection(socket, deadline ?? DefaultDeadline);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a whole request and reads the whole answer on a fresh connection.</summary>
    public static async Task<RawResponse> SendAsync(IPEndPoint endPoint, string request)
    {
        await using var connection = await OpenAsync(endPoint);
        await connection.TryWriteAsync(Encoding.Latin1.GetBytes(request));
        return await connection.ReadResponseAsync();
    }

    public Task<bool> TryWriteAsync(string text) => TryWriteAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>False when the server has already closed or reset the connection (it may have answered first).</summary>
    public async Task<bool> TryWriteAsync(byte[] bytes)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_deadline);
            await _stream.WriteAsync(bytes, deadline.Token);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads the status line and headers only.</summary>
    public async Task<RawResponse> ReadHeadAsync()
    {
        while (true)
        {
            var end = IndexOf(_pending, "\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Encoding.Latin1.GetString([.. _pending.GetRange(0, end)]);
                _pending.RemoveRange(0, end + 4);
                return RawResponse.Parse(head);
            }

            if (!await FillAsync())
            {
                return RawResponse.Parse(Encoding.Latin1.GetString([.. _pending]));
            }
        }
    }

    /// <summary>Reads an answer: its head, then its body as framed (Content-Length, chunked) or up to the close.</summary>
    public async Task<RawResponse> ReadResponseAsync() => await ReadBodyAsync(await ReadHeadAsync());

    /// <summary>Reads the body of a response whose head <see cref="ReadHeadAsync"/> returned.</summary>
    public async Task<RawResponse> ReadBodyAsync(RawResponse response)
    {
        if (response.Status is 0 or 204 or 304)
        {
            return response;
        }

        var chunked = response.Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;
        var length = long.TryParse(response.Header("Content-Length"), out var declared) ? declared : (long?)null;
        while (true)
        {
            if (length is { } expected && _pending.Count >= expected)
            {
                byte[] exact = [.. _pending.GetRange(0, (int)expected)];
                _pending.RemoveRange(0, (int)expected);
                return response with { Body = exact, Complete = true };
            }

            var complete = false;
            var consumed = 0;
            var body = chunked ? Dechunk(_pending, out complete, out consumed) : null;
            if (complete)
            {
                // What follows the last chunk belongs to the next response on this connection.
                _pending.RemoveRange(0, consumed);
                return response with { Body = body!, Complete = true };
            }

            if (!await FillAsync())
            {
                return response with { Body = body ?? [.. _pending], Complete = length is null && !chunked };
            }
        }
    }

    /// <summary>True when the server closes the connection (FIN or reset) before the deadline.</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        while (await FillAsync())
        {
        }

        return true;
    }

    /// <summary>
    /// Reads until the server closes (or the deadline passes) and returns every byte not consumed yet as Latin-1,
    /// for pipelined answers read in one go. <c>Closed</c> is false when the deadline ended the read instead.
    /// </summary>
    public async Task<(string Text, bool Closed)> ReadToCloseAsync()
    {
        var byServer = true;
        try
        {
            while (await FillAsync())
            {
            }
        }
        catch (OperationCanceledException)
        {
            byServer = false;
        }

        var text = Encoding.Latin1.GetString([.. _pending]);
        _pending.Clear();
        return (text, byServer);
    }

    /// <summary>Half-closes: the server reads an end of stream, as from a client that has sent everything.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    private async Task<bool> FillAsync()
    {
        var buffer = new byte[16 * 1024];
        using var deadline = new CancellationTokenSource(_deadline);
        try
        {
            var read = await _stream.ReadAsync(buffer, deadline.Token);
            _pending.AddRange(buffer.AsSpan(0, read));
            return read > 0;
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            return false;
        }
    }

    /// <summary>The data of the chunks received so far; complete once the last (empty) chunk has arrived.</summary>
    private static byte[] Dechunk(List<byte> raw, out bool complete, out int consumed)
    {
        var data = new List<byte>();
        var at = 0;
        complete = false;
        consumed = 0;
        while (true)
        {
            var lineEnd = IndexOf(raw.GetRange(at, raw.Count - at), "\r\n"u8);
            if (lineEnd < 0)
            {
                return [.. data];
            }

            var sizeText = Encoding.ASCII.GetString([.. raw.GetRange(at, lineEnd)]).Split(';')[0];
            var size = Convert.ToInt32(sizeText, 16);
            at += lineEnd + 2;
            if (size == 0)
            {
                complete = raw.Count >= at + 2;
                consumed = at + 2;
                return [.. data];
            }

            if (raw.Count < at + size + 2)
            {
                data.AddRange(raw.GetRange(at, Math.Min(size, raw.Count - at)));
                return [.. data];
            }

            data.AddRange(raw.GetRange(at, size));
            at += size + 2;
        }
    }

    /// <summary>Where <paramref name="value"/> first occurs in what was received so far, -1 if nowhere (ScriptedBackend uses it too).</summary>
    internal static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i + value.Length <= bytes.Count; i++)
        {
            var found = true;
            for (var j = 0; j < value.Length && found; j++)
            {
                found = bytes[i + j] == value[j];
            }

            if (found)
            {
                return i;
            }
        }

        return -1;
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        return ValueTask.CompletedTask;
    }
}
