using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// A Content-Length over the route's limit is refused from the headers alone: 413 before the body is read, nothing
/// forwarded, and the connection closed rather than drained. A body at the limit goes through.
/// </summary>
public sealed class RequestSizeContentLengthTests
{
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
    public async Task Post_ContentLengthOverLimit_413BeforeBodyAndNothingForwarded()
    {
        await using var backend = await CountingBackend.StartAsync();
        await using var gateway = await StartAsync(backend);
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;

        // 100 MB announced, 1 KiB sent: the answer cannot depend on reading the body.
        await using var connection = await RawConnection.OpenAsync(endPoint);
        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n" + new string('a', 1024));
        var response = await connection.ReadResponseAsync();

        Assert.Equal(413, response.Status);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal("{\"error\":\"request body too large\",\"limit\":65536,\"status\":413}\n", response.BodyText);
        Assert.True(await connection.ClosedByServerAsync());
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task Post_ContentLengthAtLimit_ForwardedWhole()
    {
        await using var backend = await CountingBackend.StartAsync();
        await using var gateway = await StartAsync(backend);

        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('a', 64 * 1024)));
        using var response = await gateway.Client.PostAsync(gateway.Url() + "/upload", content);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("received 65536", await response.Content.ReadAsStringAsync());
    }
}
