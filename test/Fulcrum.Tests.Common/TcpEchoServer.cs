using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A real TCP server on 127.0.0.1:0 that echoes every byte back and, when the client sends its FIN, sends the
/// rest and its own FIN (so a client that half-closes still receives everything). With <c>finFirst</c> it
/// plays the other half-close: it sends that text and its FIN at once, then keeps reading what the client sends
/// (see <see cref="ReceivedAfterFin"/>).
/// </summary>
public sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _finFirst;
    private readonly Task _accepting;
    private readonly List<Socket> _connections = [];
    private int _accepted;
    private int _open;

    private TcpEchoServer(string name, string? finFirst)
    {
        Name = name;
        _finFirst = finFirst;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(128);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>, as a tcp destination address.</summary>
    public string Address => $"127.0.0.1:{Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    public int Open => Volatile.Read(ref _open);

    /// <summary>In <c>finFirst</c> mode: everything received after the server's own FIN, once the client closed too.</summary>
    public string? ReceivedAfterFin { get; private set; }

    public static TcpEchoServer Start(string name, string? finFirst = null) => new(name, finFirst);

    private Task AcceptAsync() => AcceptLoop.RunAsync(_listener, connection =>
    {
        Interlocked.Increment(ref _accepted);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        _ = ServeAsync(connection);
    }, _stop.Token);

    private async Task ServeAsync(Socket connection)
    {
        Interlocked.Increment(ref _open);
        var buffer = new byte[16 * 1024];
        var received = new MemoryStream();
        try
        {
            if (_finFirst is not null)
            {
                await connection.SendAsync(Encoding.UTF8.GetBytes(_finFirst), SocketFlags.None, _stop.Token);
                connection.Shutdown(SocketShutdown.Send);
            }

            while (true)
            {
                var read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (_finFirst is null)
                {
                    await connection.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
                }
                else
                {
                    received.Write(buffer, 0, read);
                }
            }

            if (_finFirst is null)
            {
                connection.Shutdown(SocketShutdown.Send);
            }
            else
            {
                ReceivedAfterFin = Encoding.UTF8.GetString(received.ToArray());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        _stop.Dispose();
    }
}
