using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// A raw-socket HTTP/1.1 backend on 127.0.0.1:0 whose answers are exact bytes: <see cref="Answer"/> gets the request
/// head (and the number of requests seen on that connection before it) and returns what to write, and whether to
/// close the connection afterwards. For the framing cases <see cref="Fulcrum.Tests.Common.SpyBackend"/> cannot script
/// (HTTP/1.0, close-delimited bodies, closing a kept-alive connection). Request bodies with Content-Length are read
/// and dropped.
/// </summary>
internal sealed class ScriptedBackend : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private readonly List<Socket> _sockets = [];
    private int _connections;
    private int _requests;

    private ScriptedBackend(Func<string, int, (string Bytes, bool Close)?> answer)
    {
        Answer = answer;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>The answer to a request head (null: close without answering), given the requests the connection carried before.</summary>
    public Func<string, int, (string Bytes, bool Close)?> Answer { get; set; }

    public string Address { get; }

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    public static ScriptedBackend Start(Func<string, int, (string Bytes, bool Close)?> answer) => new(answer);

    /// <summary>A well-formed 200 with a Content-Length body, kept alive.</summary>
    public static (string, bool)? Ok(string body = "ok") => ($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}", false);

    private Task AcceptAsync() => AcceptLoop.RunAsync(_listener, socket =>
    {
        Interlocked.Increment(ref _connections);
        lock (_sockets)
        {
            _sockets.Add(socket);
        }

        _ = ServeAsync(socket);
    }, _stopping.Token);

    private async Task ServeAsync(Socket socket)
    {
        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        var served = 0;
        try
        {
            while (true)
            {
                var end = RawConnection.IndexOf(pending, "\r\n\r\n"u8);
                while (end < 0)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read));
                    end = RawConnection.IndexOf(pending, "\r\n\r\n"u8);
                }

                var head = Encoding.Latin1.GetString([.. pending.GetRange(0, end)]);
                pending.RemoveRange(0, end + 4);
                var length = head.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (pending.Count < length)
                {
                    var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    pending.AddRange(buffer.AsSpan(0, read));
                }

                pending.RemoveRange(0, length);
                Interlocked.Increment(ref _requests);
                var answer = Answer(head, served++);
                if (answer is not { } reply)
                {
                    return;
                }

                await socket.SendAsync(Encoding.Latin1.GetBytes(reply.Bytes), SocketFlags.None, _stopping.Token);
                if (reply.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        await _accepting;
        _stopping.Dispose();
    }
}
