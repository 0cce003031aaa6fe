using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// The body breaks after the head was relayed (the backend closes in the middle of it, or a later chunk line is
/// malformed): the client's connection is aborted, so a cut body never looks complete; the next request is served on a
/// new upstream connection.
/// </summary>
public sealed class Http1CutResponseBodyTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n0123456789")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3 junk\r\nefg\r\n0\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n3;a=\"open\r\nefg\r\n0\r\n\r\n")]
    public async Task Get_BodyBrokenAfterHead_ClientConnectionAbortedIncomplete(string answer)
    {
        var served = 0;
        await using var backend = ScriptedBackend.Start((_, _) => Interlocked.Increment(ref served) == 1 ? (answer, true) : ScriptedBackend.Ok());
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));
        await using var connection = await RawConnection.OpenAsync(gateway.EndPoint(), deadline: TimeSpan.FromSeconds(10));

        await connection.TryWriteAsync("GET /cut HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.True(response.Status is 0 or 200 or 502, $"answered {response.Status}");
        Assert.False(response.Status == 200 && response.Complete, "a cut body was relayed as complete");
        Assert.True(await connection.ClosedByServerAsync());
        using var next = await gateway.Client.GetAsync(gateway.Url() + "/next");
        Assert.Equal(200, (int)next.StatusCode);
    }
}
