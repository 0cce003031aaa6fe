using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// A response the backend writes in pieces reaches the client piece by piece: the backend does not write the next
/// piece until the client has read the previous one through the gateway, so any buffering would hang the test.
/// </summary>
public sealed class StreamedResponseTests
{
    private const int Pieces = 4;

    [Fact]
    public async Task Get_ResponseWrittenInPieces_EachPieceArrivesBeforeTheNextIsWritten()
    {
        var read = new SemaphoreSlim(0);
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            context.Response.ContentType = "text/plain";
            for (var i = 0; i < Pieces; i++)
            {
                await context.Response.WriteAsync($"piece-{i}\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                if (!await read.WaitAsync(TimeSpan.FromSeconds(10), context.RequestAborted))
                {
                    return; // the client never saw this piece: the response ends short and the test fails
                }
            }
        });
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address));

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/stream", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.True(response.Headers.TransferEncodingChunked);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < Pieces; i++)
        {
            Assert.Equal($"piece-{i}", await reader.ReadLineAsync(deadline.Token));
            read.Release();
        }

        Assert.Null(await reader.ReadLineAsync(deadline.Token));
    }
}
