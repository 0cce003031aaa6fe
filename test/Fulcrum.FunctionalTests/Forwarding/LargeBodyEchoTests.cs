using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// An 8 MiB body goes up and comes back through the gateway byte for byte.
/// <para>
/// The client is a raw socket that reads the response while it is still sending: HttpClient (SocketsHttpHandler)
/// finishes sending an HTTP/1.1 body before it hands back any of the response, so against a backend that echoes as
/// it reads, it deadlocks once the echoed bytes outgrow the socket buffers on the way back. The gateway's upstream
/// client is the same SocketsHttpHandler, so a streaming echo is only sure to work over an HTTP/2 upstream; over
/// HTTP/1.1 the backend here reads the whole body before answering (see the skipped test for the limitation).
/// </para>
/// </summary>
public sealed class LargeBodyEchoTests
{
    private const int Size = 8 * 1024 * 1024;

    [Fact]
    public async Task Post_EightMebibyteBodyToStreamingEchoOverHttp2Upstream_EchoedByteIdentical()
    {
        await using var backend = await TestBackend.StartAsync("b", HttpProtocols.Http2);
        await using var gateway = await StartGatewayAsync(backend.Address, "2");

        var body = RandomBody(Size);
        var (status, echoed) = await PostRawAsync(gateway, "/echo", body);

        Assert.Equal(200, status);
        Assert.Equal(body.Length, echoed.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), Convert.ToHexString(SHA256.HashData(echoed)));
        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal(body.Length.ToString(CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
    }

    [Fact]
    public async Task Post_EightMebibyteBodyToBufferingEchoOverHttp11Upstream_EchoedByteIdentical()
    {
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            using var all = new MemoryStream();
            await context.Request.Body.CopyToAsync(all, context.RequestAborted);
            context.Response.ContentLength = all.Length;
            await context.Response.Body.WriteAsync(all.GetBuffer().AsMemory(0, (int)all.Length), context.RequestAborted);
        });
        await using var gateway = await StartGatewayAsync(backend.Address, "1.1");

        var body = RandomBody(Size);
        var (status, echoed) = await PostRawAsync(gateway, "/echo", body);

        Assert.Equal(200, status);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), Convert.ToHexString(SHA256.HashData(echoed)));
    }

    // SocketsHttpHandler sends all of an HTTP/1.1 request body before it returns the response, so through YARP this
    // stalls until the request timeout (a known limitation, README); the lean HTTP/1.1 path uploads beside the response.
    [Fact]
    public async Task Post_BodyLargerThanSocketBuffersToStreamingEchoOverHttp11Upstream_EchoedByteIdentical()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await StartGatewayAsync(backend.Address, "1.1", forwarder: "lean");

        var body = RandomBody(28 * 1024 * 1024);
        var (status, echoed) = await PostRawAsync(gateway, "/echo", body);

        Assert.Equal(200, status);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), Convert.ToHexString(SHA256.HashData(echoed)));
    }

    private static Task<TestGateway> StartGatewayAsync(string backend, string version, string forwarder = "auto") => TestGateway.StartAsync($$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          all: { cluster: b }
        clusters:
          b:
            http: { version: "{{version}}", forwarder: {{forwarder}} }
            destinations: { b1: { address: "{{backend}}" } }
        """);

    private static byte[] RandomBody(int size)
    {
        var body = new byte[size];
        new Random(42).NextBytes(body);
        return body;
    }

    /// <summary>Sends the body while reading the response, and returns the status and the de-chunked body.</summary>
    private static async Task<(int Status, byte[] Body)> PostRawAsync(TestGateway gateway, string path, byte[] body)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint, deadline.Token);
        var stream = client.GetStream();
        var sending = SendAsync(stream, path, body, deadline.Token);
        var response = await ReadResponseAsync(stream, deadline.Token);
        await sending;
        return response;
    }

    private static async Task SendAsync(NetworkStream stream, string path, byte[] body, CancellationToken cancellationToken)
    {
        var head = $"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        for (var offset = 0; offset < body.Length; offset += 64 * 1024)
        {
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(64 * 1024, body.Length - offset)), cancellationToken);
        }
    }

    /// <summary>Reads the status and the whole body, de-chunked; the gateway closes after it (Connection: close).</summary>
    private static async Task<(int Status, byte[] Body)> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        await stream.CopyToAsync(all, cancellationToken);
        var bytes = all.ToArray();
        var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.ASCII.GetString(bytes, 0, headEnd);
        var status = int.Parse(head.Split(' ')[1], CultureInfo.InvariantCulture);
        var content = bytes.AsSpan(headEnd + 4);
        if (!head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return (status, content.ToArray());
        }

        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = content.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(content[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return (status, body.ToArray());
            }

            body.Write(content.Slice(lineEnd + 2, size));
            content = content[(lineEnd + 2 + size + 2)..];
        }
    }
}
