using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A real UDP server on 127.0.0.1:0 that answers each datagram with <c>name|payload</c>, so a test sees which
/// destination served it, and records the source addresses it saw (one per gateway session).
/// </summary>
public sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _datagrams;

    private UdpEchoServer(string name)
    {
        Name = name;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _receiving = Task.Run(ReceiveAsync);
    }

    public string Name { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public int Datagrams => Volatile.Read(ref _datagrams);

    public ConcurrentDictionary<IPEndPoint, int> Sources { get; } = new();

    public static UdpEchoServer Start(string name) => new(name);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[65_535];
        var prefix = Encoding.UTF8.GetBytes(Name + "|");
        var reply = new byte[prefix.Length + buffer.Length];
        prefix.CopyTo(reply, 0);
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Interlocked.Increment(ref _datagrams);
            var from = (IPEndPoint)result.RemoteEndPoint;
            Sources.AddOrUpdate(from, 1, (_, n) => n + 1);
            buffer.AsSpan(0, result.ReceivedBytes).CopyTo(reply.AsSpan(prefix.Length));
            try
            {
                await _socket.SendToAsync(reply.AsMemory(0, prefix.Length + result.ReceivedBytes), SocketFlags.None, from, _stop.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving;
        _stop.Dispose();
    }
}
