using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>Chunked bodies both ways: a chunked request is re-chunked upstream; a chunked response is de-chunked, trailers dropped.</summary>
public sealed class Http1ChunkedBodyTests
{
    [Fact]
    public async Task Post_ChunkedRequest_BackendReceivesWholeBodyChunked()
    {
        await using var spy = await SpyBackend.StartAsync("d1");
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(spy.Address));
        await using var connection = await RawConnection.OpenAsync(gateway.EndPoint(), deadline: TimeSpan.FromSeconds(10));

        await connection.TryWriteAsync("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response.Status);
        var seen = spy.Requests.Single();
        Assert.Equal("hello world", seen.BodyText);
        Assert.Equal("chunked", seen.Header("Transfer-Encoding"));
        Assert.Null(seen.Header("Content-Length"));
    }

    [Fact]
    public async Task Get_ChunkedResponseWithTrailers_BodyRelayedTrailersDroppedConnectionReused()
    {
        await using var backend = ScriptedBackend.Start((_, _) =>
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n4;ext=1\r\nabcd\r\n3\r\nefg\r\n0\r\nX-Sum: 7\r\n\r\n", false));
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/c");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("abcdefg", Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync()));
            Assert.False(response.TrailingHeaders.Contains("X-Sum"));
        }

        Assert.Equal(1, backend.Connections);
    }

    /// <summary>
    /// Chunk lines RFC 9112 §7.1.1 allows, on every chunk (the last one too): the extensions (BWS, tokens, quoted strings
    /// with quoted pairs, obs-text) are ignored and the connection stays reusable.
    /// </summary>
    [Theory]
    [InlineData("4;ext=1")]
    [InlineData("4;a")]
    [InlineData("4 ; a = b ; c")]
    [InlineData("4\t;\ta\t=\t\"v; w\\\"x\"")]
    [InlineData("4;a=\"\"")]
    [InlineData("4;a=\"\u00e9\\\u00e9\";b=c")]
    [InlineData("4;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~")]
    [InlineData("0004;a=1")]
    public async Task Get_ChunkLineWithValidExtensions_BodyRelayedConnectionReused(string line)
    {
        await using var backend = ScriptedBackend.Start((_, _) =>
            ($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{line}\r\nabcd\r\n{line.Replace('4', '3')}\r\nefg\r\n{line.Replace('4', '0')}\r\n\r\n", false));
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        for (var i = 0; i < 2; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/c");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("abcdefg", Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync()));
        }

        Assert.Equal(1, backend.Connections);
    }
}
