using System.Globalization;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// A chunked body is limited while it streams, without buffering: the destination receives at most the limit and
/// never a complete body, and the client gets 413 (the destination had not answered yet).
/// </summary>
public sealed class RequestSizeChunkedBodyTests
{
    private const int Limit = 64 * 1024;

    private static Task<TestGateway> StartAsync(CountingBackend backend) => TestGateway.StartAsync($$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          all: { policies: [small], cluster: pool }
        clusters:
          pool: { destinations: { d1: { address: "{{backend.Address}}" } } }
        policies:
          small: { type: requestSize, maxBodySize: 64KiB }
        """);

    [Fact]
    public async Task Post_ChunkedBodyOverLimit_413AndDestinationGetsAtMostTheLimit()
    {
        await using var backend = await CountingBackend.StartAsync();
        await using var gateway = await StartAsync(backend);
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;

        await using var connection = await RawConnection.OpenAsync(endPoint);
        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        var chunk = Chunk(8 * 1024);
        for (var sent = 0; sent < 3 * Limit && await connection.TryWriteAsync(chunk); sent += 8 * 1024)
        {
        }

        await connection.TryWriteAsync("0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(413, response.Status);
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await connection.ClosedByServerAsync());
        await Wait.UntilAsync(() => backend.Finished == backend.Requests, "the destination's handler ended");
        Assert.True(backend.Bytes <= Limit, $"the destination received {backend.Bytes} bytes");
    }

    [Fact]
    public async Task Post_ChunkedBodyWithinLimit_ForwardedWhole()
    {
        await using var backend = await CountingBackend.StartAsync();
        await using var gateway = await StartAsync(backend);
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;

        await using var connection = await RawConnection.OpenAsync(endPoint);
        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (var i = 0; i < 8; i++)
        {
            await connection.TryWriteAsync(Chunk(Limit / 8));
        }

        await connection.TryWriteAsync("0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        Assert.Equal($"received {Limit}", response.BodyText);
    }

    private static byte[] Chunk(int size) =>
        System.Text.Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n" + new string('a', size) + "\r\n");
}
