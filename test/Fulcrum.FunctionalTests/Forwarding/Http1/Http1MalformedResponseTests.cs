using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// Response heads that could desynchronise the connection are refused: 502 to the client, nothing of them relayed,
/// and the connection is closed (the next request opens a new one).
/// </summary>
public sealed class Http1MalformedResponseTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: 1\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\u0001b\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n")]
    [InlineData("garbage\r\n\r\n")]
    public Task Get_MalformedResponseHead_502ConnectionNotReused(string answer) => AssertRefusedAsync(answer);

    /// <summary>
    /// First chunk lines outside RFC 9112 §7.1.1 (chunk-size, then only <c>BWS ";" BWS name [BWS "=" BWS (token /
    /// quoted-string)]</c> extensions): refused before any of the body is relayed, so the client gets a clean 502.
    /// </summary>
    [Theory]
    [InlineData("5 garbage")]
    [InlineData("5;\u0001")]
    [InlineData("5 ; a=\"unterminated")]
    [InlineData("5 ")]
    [InlineData("5\t")]
    [InlineData("5;")]
    [InlineData("5;a=")]
    [InlineData("5;a=b;")]
    [InlineData("5;a b")]
    [InlineData("5;a=b c")]
    [InlineData("5;a ")]
    [InlineData("5;a=\"x\"y")]
    [InlineData("5;a=\"\u0001\"")]
    [InlineData("5;a=\"\\\u0001\"")]
    [InlineData("5;a\u007f")]
    [InlineData("5;a=b\"c\"")]
    [InlineData("5;a@b")]
    [InlineData("5=a")]
    [InlineData(";5")]
    [InlineData("")]
    public Task Get_MalformedChunkLine_502ConnectionNotReused(string line) =>
        AssertRefusedAsync($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{line}\r\nhello\r\n0\r\n\r\n");

    private static async Task AssertRefusedAsync(string answer)
    {
        var served = 0;
        await using var backend = ScriptedBackend.Start((_, _) => Interlocked.Increment(ref served) == 1 ? (answer, false) : ScriptedBackend.Ok());
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        using var bad = await gateway.Client.GetAsync(gateway.Url() + "/bad");
        var badBody = await bad.Content.ReadAsStringAsync();
        using var next = await gateway.Client.GetAsync(gateway.Url() + "/next");

        Assert.Equal(502, (int)bad.StatusCode);
        Assert.Equal("", badBody);
        Assert.False(bad.Headers.Contains("X-A"));
        Assert.Equal(200, (int)next.StatusCode);
        Assert.Equal(2, backend.Connections);
    }
}
