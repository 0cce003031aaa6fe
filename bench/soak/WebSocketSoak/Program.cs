using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using Fulcrum.Tests.Common;

// The WebSocket soak (issue 8, L4): `backend` serves a WebSocket echo on 127.0.0.1:0 and prints its address;
// `clients URL COUNT SECONDS` holds COUNT WebSockets open through the gateway for SECONDS, each sending one
// sequence-numbered message a second (staggered) and checking that every echo comes back once, in order. A line of
// counters every 10 s; at the end every socket is closed with NormalClosure and must see the close echoed. Exit code
// 0 only when nothing was lost, duplicated, reordered or refused.
return args switch
{
    ["backend"] => await Backend.RunAsync(),
    ["clients", var url, var count, var seconds] => await Clients.RunAsync(new Uri(url), int.Parse(count, CultureInfo.InvariantCulture), TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture))),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: WebSocketSoak backend | WebSocketSoak clients ws://HOST:PORT/ws COUNT SECONDS");
    return 2;
}

/// <summary>The functional tests' Kestrel backend, whose <c>/ws</c> is a WebSocket echo that answers a close with "bye".</summary>
internal static class Backend
{
    public static async Task<int> RunAsync()
    {
        await using var backend = await TestBackend.StartAsync("ws");
        Console.WriteLine($"backend {backend.Address}");
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}

internal static class Clients
{
    private static long _sent;
    private static long _received;
    private static long _mismatched;
    private static long _failed;

    public static async Task<int> RunAsync(Uri url, int count, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var stop = clock.Elapsed + duration;
        var sockets = new List<ClientWebSocket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            try
            {
                using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(url, connect.Token);
                sockets.Add(socket);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                Interlocked.Increment(ref _failed);
                Console.Error.WriteLine($"connect {i}: {e.Message}");
                socket.Dispose();
            }
        }

        Console.WriteLine($"open {sockets.Count} of {count} after {clock.Elapsed.TotalSeconds:0.0}s");
        var reporting = Task.Run(async () =>
        {
            while (clock.Elapsed < stop)
            {
                await Task.Delay(TimeSpan.FromSeconds(10));
                Console.WriteLine($"t={clock.Elapsed.TotalSeconds:0}s sent {Interlocked.Read(ref _sent)} received {Interlocked.Read(ref _received)} mismatched {Interlocked.Read(ref _mismatched)} failed {Interlocked.Read(ref _failed)} open {sockets.Count(s => s.State == WebSocketState.Open)}");
            }
        });
        var closes = await Task.WhenAll(sockets.Select((socket, i) => EchoLoopAsync(socket, i, clock, stop, count)));
        await reporting;
        var badCloses = closes.Count(c => !c);
        Console.WriteLine($"done: sockets {sockets.Count}, sent {_sent}, received {_received}, mismatched {_mismatched}, failed {_failed}, bad closes {badCloses}");
        return _mismatched == 0 && _failed == 0 && badCloses == 0 && _sent == _received ? 0 : 1;
    }

    /// <summary>One message a second, offset by the socket's index so the load is spread; true when the close was clean.</summary>
    private static async Task<bool> EchoLoopAsync(ClientWebSocket socket, int index, Stopwatch clock, TimeSpan stop, int count)
    {
        using (socket)
        {
            var message = new byte[16];
            var echo = new byte[64];
            long sequence = 0;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1000.0 * index / count));
                while (clock.Elapsed < stop)
                {
                    var tick = clock.Elapsed;
                    BinaryPrimitives.WriteInt64BigEndian(message, index);
                    BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(8), ++sequence);
                    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, deadline.Token);
                    Interlocked.Increment(ref _sent);
                    var have = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(echo.AsMemory(have), deadline.Token);
                        have += result.Count;
                    }
                    while (!result.EndOfMessage);
                    Interlocked.Increment(ref _received);
                    if (have != 16 || BinaryPrimitives.ReadInt64BigEndian(echo) != index || BinaryPrimitives.ReadInt64BigEndian(echo.AsSpan(8)) != sequence)
                    {
                        Interlocked.Increment(ref _mismatched);
                    }

                    var wait = tick + TimeSpan.FromSeconds(1) - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }

                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", closing.Token);
                return socket.CloseStatus == WebSocketCloseStatus.NormalClosure && socket.CloseStatusDescription == "bye";
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                Interlocked.Increment(ref _failed);
                Console.Error.WriteLine($"socket {index}: {e.Message}");
                return false;
            }
        }
    }
}
