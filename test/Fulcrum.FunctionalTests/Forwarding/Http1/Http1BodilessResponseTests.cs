using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>HEAD, 204 and 304 answers have no body whatever their headers say; the connection stays usable.</summary>
public sealed class Http1BodilessResponseTests
{
    [Theory]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("GET", "HTTP/1.1 204 No Content\r\n\r\n")]
    [InlineData("GET", "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n")]
    public async Task Send_ResponseWithoutBody_NoBodyRelayedConnectionReused(string method, string head)
    {
        await using var backend = ScriptedBackend.Start((_, _) => (head, false));
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));
        await using var connection = await RawConnection.OpenAsync(gateway.EndPoint(), deadline: TimeSpan.FromSeconds(10));

        for (var i = 0; i < 3; i++)
        {
            await connection.TryWriteAsync($"{method} /n HTTP/1.1\r\nHost: a\r\n\r\n");
            var response = await connection.ReadHeadAsync();
            Assert.Equal(int.Parse(head[9..12], System.Globalization.CultureInfo.InvariantCulture), response.Status);
        }

        Assert.Equal(3, backend.Requests);
        Assert.Equal(1, backend.Connections);
    }
}
