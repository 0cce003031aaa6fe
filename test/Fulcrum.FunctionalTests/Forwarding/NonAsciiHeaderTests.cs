using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// Regression: a header with non-ASCII bytes passed Kestrel but failed the upstream send, so the gateway answered
/// 502 and counted it against the destination; one odd header could eject healthy destinations.
/// </summary>
public sealed class NonAsciiHeaderTests
{
    [Fact]
    public async Task Get_HeaderWithNonAsciiBytes_ForwardedByteForByte()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("healthCheck: { passive: { consecutiveFailures: 1, ejectFor: 1m } }", b1));

        var status = await SendRawAsync(gateway, "GET /x HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00c3\u00a9\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, status);
        Assert.True(b1.Received.TryDequeue(out var seen));
        Assert.Equal("caf\u00e9", seen.Headers["X-Name"]);
        Assert.Equal(1, gateway.Runtime.Clusters["pool"].Available.Count);
        using var next = await gateway.Client.GetAsync(gateway.Url() + "/after");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    private static async Task<int> SendRawAsync(TestGateway gateway, string raw)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(raw));
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer);
        var text = Encoding.ASCII.GetString(buffer, 0, read);
        return int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
