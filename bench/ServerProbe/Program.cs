using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Fulcrum.ServerProbe;

/// <summary>
/// A measuring stick, not a proxy: the least HTTP/1.1 relaying that can run on Kestrel's transport. Each client
/// connection gets its own upstream connection; a request head (GET, no body) is sent upstream as received, the response
/// (head plus Content-Length body, up to 32 KiB) is read whole and written back. No routing, no header work, no
/// HttpContext. What it costs per request, against nginx and Fulcrum under the same load, is the floor a server side of
/// Fulcrum's own on Kestrel's transport could reach (docs/architecture.md, "Where the rest goes").
/// Modes (environment PROBE_HTTP): unset, that relay; <c>1</c>, Kestrel's HTTP/1.1 layer with a handler as bare as the
/// relay; <c>static</c>, Kestrel answering the backend's /10b by itself (HTTP/1.1, or h2c when the config asks for
/// http2): no upstream, so what Kestrel's HTTP layer costs alone, against what nginx and HAProxy spend proxying.
/// Takes the arguments bench/macro's scripts give Fulcrum (<c>--config FILE</c>, the single-route YAML of lib.sh, whose
/// first address is the listener and second the backend), so <c>ab.sh</c> and <c>cpusplit.sh</c> run it as FULCRUM_DLL.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var yaml = File.ReadAllText(args[Array.IndexOf(args, "--config") + 1]);
        var ports = Regex.Matches(yaml, @"127\.0\.0\.1:(\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        var backend = new IPEndPoint(IPAddress.Loopback, ports[1]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        var mode = Environment.GetEnvironmentVariable("PROBE_HTTP");
        var http2 = yaml.Contains("http2: true", StringComparison.Ordinal);
        if (mode == "static")
        {
            // Kestrel answering by itself, no upstream at all: the least any proxy on Kestrel's HTTP layer can cost
            // per request. With the config asking for http2, the listener speaks h2c only (Kestrel takes prior knowledge
            // then; Fulcrum sniffs the preface per connection to offer both on one port, a per-connection cost only).
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, ports[0], listen =>
                listen.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
            var app = builder.Build();
            app.Run(AnswerAsync);
            app.Run();
            return;
        }

        if (mode == "1")
        {
            // Kestrel's whole HTTP/1.1 layer (parser, headers, HttpContext, hosting) with a handler as bare as the relay;
            // h2c only when the config asks for http2 (its streams then share a pool of upstream connections).
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, ports[0], listen =>
                listen.Protocols = http2 ? HttpProtocols.Http2 : HttpProtocols.Http1));
            var app = builder.Build();
            app.Run(context => HandleAsync(context, backend));
            app.Run();
            return;
        }

        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, ports[0], listen => listen.Run(client => RelayAsync(client, backend))));
        builder.Build().Run();
    }

    private static readonly byte[] TenBytes = "0123456789"u8.ToArray();

    /// <summary>PROBE_HTTP=static: the backend's /10b answer (its body, Content-Type and Content-Length), made here.</summary>
    private static Task AnswerAsync(Microsoft.AspNetCore.Http.HttpContext context)
    {
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = TenBytes.Length;
        return context.Response.Body.WriteAsync(TenBytes).AsTask();
    }

    /// <summary>Upstream connections for HTTP/2 streams, which run concurrently on one client connection.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentStack<Upstream> Pool = new();

    /// <summary>
    /// PROBE_HTTP=1: one upstream connection per client connection (per stream from a pool for HTTP/2), a fixed request
    /// head, the body passed on.
    /// </summary>
    private static async Task HandleAsync(Microsoft.AspNetCore.Http.HttpContext context, IPEndPoint backend)
    {
        var pooled = context.Request.Protocol == "HTTP/2";
        var items = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionItemsFeature>()!.Items;
        Upstream? upstream = null;
        if (pooled ? !Pool.TryPop(out upstream) : items.TryGetValue("upstream", out var held) is false || (upstream = held as Upstream) is null)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(backend);
            upstream = new Upstream(socket);
            if (!pooled)
            {
                items["upstream"] = upstream;
                context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionCompleteFeature>()?.OnCompleted(
                    static state => { ((Socket)state).Dispose(); return Task.CompletedTask; }, socket);
            }
        }

        var head = upstream.Head;
        var length = Encoding.ASCII.GetBytes(context.Request.Path.Value!, head.AsSpan(4));
        "GET "u8.CopyTo(head);
        var tail = " HTTP/1.1\r\nHost: backend\r\n\r\n"u8;
        tail.CopyTo(head.AsSpan(4 + length));
        await upstream.Socket.SendAsync(head.AsMemory(0, 4 + length + tail.Length), SocketFlags.None);
        var buffer = upstream.Buffer;
        var filled = 0;
        var total = -1;
        while (total < 0 || filled < total)
        {
            var read = await upstream.Socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
            if (read == 0)
            {
                context.Abort();
                return;
            }

            filled += read;
            total = total < 0 ? ResponseLength(buffer.AsSpan(0, filled)) : total;
        }

        var bodyStart = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8) + 4;
        context.Response.ContentLength = total - bodyStart;
        await context.Response.BodyWriter.WriteAsync(buffer.AsMemory(bodyStart, total - bodyStart));
        if (pooled)
        {
            Pool.Push(upstream);
        }
    }

    private sealed class Upstream(Socket socket)
    {
        public Socket Socket { get; } = socket;

        public byte[] Head { get; } = new byte[4096];

        public byte[] Buffer { get; } = new byte[32 * 1024];
    }

    private static async Task RelayAsync(ConnectionContext client, IPEndPoint backend)
    {
        using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await upstream.ConnectAsync(backend);
        var buffer = new byte[32 * 1024];
        var input = client.Transport.Input;
        var output = client.Transport.Output;
        while (true)
        {
            var result = await input.ReadAsync();
            var data = result.Buffer;
            var end = data.PositionOf((byte)'\n');
            SequencePosition? headEnd = null;
            while (end is { } lf)
            {
                // A head ends at an empty line: "\r\n\r\n".
                var through = data.GetPosition(1, lf);
                var before = data.Slice(0, through);
                if (before.Length >= 4 && EndsWithBlankLine(before))
                {
                    headEnd = through;
                    break;
                }

                end = data.Slice(through).PositionOf((byte)'\n');
            }

            if (headEnd is not { } headEndPosition)
            {
                if (result.IsCompleted)
                {
                    return;
                }

                input.AdvanceTo(data.Start, data.End);
                continue;
            }

            foreach (var segment in data.Slice(0, headEndPosition))
            {
                await upstream.SendAsync(segment, SocketFlags.None);
            }

            input.AdvanceTo(headEndPosition);
            var filled = 0;
            var total = -1;
            while (total < 0 || filled < total)
            {
                var read = await upstream.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                total = total < 0 ? ResponseLength(buffer.AsSpan(0, filled)) : total;
            }

            await output.WriteAsync(buffer.AsMemory(0, total));
        }
    }

    private static bool EndsWithBlankLine(ReadOnlySequence<byte> bytes)
    {
        Span<byte> last = stackalloc byte[4];
        bytes.Slice(bytes.Length - 4).CopyTo(last);
        return last.SequenceEqual("\r\n\r\n"u8);
    }

    /// <summary>The whole response's length once its head is in, or -1 (head plus Content-Length).</summary>
    private static int ResponseLength(ReadOnlySpan<byte> bytes)
    {
        var headLength = bytes.IndexOf("\r\n\r\n"u8);
        if (headLength < 0)
        {
            return -1;
        }

        // nginx's spelling only: this is a measuring stick for one backend, not a parser.
        var at = bytes[..headLength].IndexOf("\r\nContent-Length: "u8);
        var length = 0;
        if (at >= 0)
        {
            System.Buffers.Text.Utf8Parser.TryParse(bytes[(at + 18)..headLength], out length, out _);
        }

        return headLength + 4 + length;
    }
}
