using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// The route's maxBodySize replaces the listener's default limit (Kestrel's 30 MB) for that route, upwards too: an
/// upload route can take more than the default while other routes keep it.
/// </summary>
public sealed class RequestSizeAboveListenerDefaultTests
{
    [Fact]
    public async Task Post_BodyAboveListenerDefaultOnRouteWithLargerLimit_Forwarded()
    {
        await using var backend = await CountingBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              uploads: { match: { pathPrefix: /uploads }, policies: [large], cluster: pool }
              all: { cluster: pool }
            clusters:
              pool: { destinations: { d1: { address: "{{backend.Address}}" } } }
            policies:
              large: { type: requestSize, maxBodySize: 40MiB }
            """);
        var body = new byte[32 * 1024 * 1024];

        using var upload = await gateway.Client.PostAsync(gateway.Url() + "/uploads/big", new ByteArrayContent(body));
        // Elsewhere the listener's default refuses the same size (headers only: the answer comes before the body).
        await using var connection = await RawConnection.OpenAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint);
        await connection.TryWriteAsync($"POST /other HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n");
        var elsewhere = await connection.ReadResponseAsync();

        Assert.Equal(200, (int)upload.StatusCode);
        Assert.Equal($"received {body.Length}", await upload.Content.ReadAsStringAsync());
        Assert.Equal(413, elsewhere.Status);
    }
}
