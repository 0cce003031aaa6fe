using System.Globalization;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// When the destination has already started answering (over HTTP/2 it sends its status before reading the upload), a body
/// that then passes the limit cannot be answered with 413: the exchange is cut off — the client keeps the status
/// already sent and a response that never completes — the destination gets no more than the limit, and nothing
/// is a 500.
/// </summary>
public sealed class RequestSizeAfterUpstreamAnsweredTests
{
    private const int Limit = 16 * 1024;

    [Fact]
    public async Task Post_LimitPassedAfterDestinationAnswered_ResponseCutOffNever500()
    {
        long received = 0;
        var ended = 0;
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            try
            {
                await context.Response.WriteAsync("started\n");
                await context.Response.Body.FlushAsync();
                var buffer = new byte[4096];
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    Interlocked.Add(ref received, read);
                }

                await context.Response.WriteAsync("done\n");
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
            {
            }
            finally
            {
                Interlocked.Exchange(ref ended, 1);
            }
        }, Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { policies: [small], cluster: pool }
            clusters:
              pool:
                destinations: { d1: { address: "{{backend.Address}}" } }
                http: { version: "2" }
            policies:
              small: { type: requestSize, maxBodySize: 16KiB }
            """);

        await using var connection = await RawConnection.OpenAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint);
        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        await connection.TryWriteAsync(Chunk(1024));
        var head = await connection.ReadHeadAsync();
        for (var i = 0; i < 4 * Limit / 1024 && await connection.TryWriteAsync(Chunk(1024)); i++)
        {
        }

        await connection.TryWriteAsync("0\r\n\r\n");
        var response = await connection.ReadBodyAsync(head);

        Assert.Equal(200, head.Status);
        Assert.False(response.Complete, "the response completed although the body passed the limit");
        Assert.DoesNotContain("done", response.BodyText, StringComparison.Ordinal);
        Assert.True(await connection.ClosedByServerAsync());
        await Wait.UntilAsync(() => Volatile.Read(ref ended) == 1, "the destination's handler ended");
        Assert.True(Interlocked.Read(ref received) <= Limit, $"the destination received {received} bytes");
    }

    private static byte[] Chunk(int size) =>
        Encoding.ASCII.GetBytes(size.ToString("x", CultureInfo.InvariantCulture) + "\r\n" + new string('a', size) + "\r\n");
}
