using System.Net.Sockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// A malformed request is the client's fault and is answered as such (400, or the one status that names the exact
/// fault), never 500 nor 502, which would blame the gateway or the backend. Raw bytes
/// on a socket, since HttpClient refuses to send most of these.
/// </summary>
public sealed class MalformedRequestTests
{
    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400)]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400)]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400)]
    [InlineData("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a,b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: a;b\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n", 400)]
    [InlineData("GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    [InlineData("GET /\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400)]
    // A target in authority-form is only for CONNECT (RFC 9112 §3.2.3): Kestrel's 405 says so.
    [InlineData("GET a HTTP/1.1\r\nHost: x\r\n\r\n", 405)]
    // The one 5xx a client can earn: RFC 9110 §15.6.6 answers an unsupported major version with 505.
    [InlineData("GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505)]
    public async Task Send_MalformedRequest_AnsweredAsClientError(string raw, int expected)
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address));

        var status = await SendRawAsync(gateway, raw);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Send_BodyCutShortByClient_NoServerError()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address));

        // The client promises 100 bytes, sends 3 and stops sending. Kestrel takes the half-close for the client
        // leaving, so there may be nobody to answer (0); if there is an answer, it blames the client (400), or it is the
        // streaming echo's 200, begun before the cut was noticed, which must then end cut too, never complete.
        await using var connection = await RawConnection.OpenAsync(gateway.EndPoint(), deadline: TimeSpan.FromSeconds(10));
        await connection.TryWriteAsync("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
        connection.ShutdownSend();
        var response = await connection.ReadResponseAsync();

        Assert.True(response.Status is 0 or 400 or 200, $"answered {response.Status}");
        Assert.False(response.Status == 200 && response.Complete, "the echo of a cut body was relayed as complete");
    }

    /// <summary>Writes the bytes, then reads the status line of the answer (0 when the connection closes first).</summary>
    private static async Task<int> SendRawAsync(TestGateway gateway, string raw)
    {
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;
        using var client = new TcpClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(endPoint, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(raw), deadline.Token);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n", StringComparison.Ordinal))
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, deadline.Token);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                // The server may close with a reset instead of a FIN: no answer, like a FIN with nothing sent.
                break;
            }

            if (read == 0)
            {
                break;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var text = received.ToString();
        var parts = text.Split(' ', 3);
        return parts.Length >= 2 && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(parts[1], out var status) ? status : 0;
    }
}
