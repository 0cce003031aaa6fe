using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// A backend that closes a kept-alive connection, while it is idle or just as the next request arrives on it: the
/// request is not lost (a closed idle connection is noticed before use, by its read-ahead and, for a request with a
/// body, by asking the socket; a bodiless one closed in the race is replaced and the request sent once more on a new
/// connection).
/// </summary>
public sealed class Http1StaleConnectionTests
{
    [Fact]
    public async Task Get_BackendClosesConnectionOnSecondRequest_RetriedOnNewConnection200()
    {
        // Every connection answers its first request, then closes without a byte when the second arrives.
        await using var backend = ScriptedBackend.Start((_, served) => served == 0 ? ScriptedBackend.Ok() : null);
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        for (var i = 0; i < 5; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/x");
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.True(backend.Connections >= 5, $"{backend.Connections} connections");
        Assert.Equal(1, gateway.Runtime.Clusters["pool"].Available.Count);
    }

    [Fact]
    public async Task Get_BackendClosesIdleConnectionAfterEachResponse_Every200()
    {
        // Closes after answering without saying Connection: close, as a backend whose keep-alive timeout is tiny.
        await using var backend = ScriptedBackend.Start((_, _) => ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true));
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/x");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(10, backend.Requests);
    }

    [Fact]
    public async Task Post_BackendClosesIdleConnectionAfterEachResponse_Every200SentOnce()
    {
        // A POST cannot be replayed, so a closed idle connection must be noticed before it is sent: the socket is asked,
        // not only the read-ahead (which learns of the close only when an event thread gets to it).
        await using var backend = ScriptedBackend.Start((_, _) => ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true));
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.PostAsync(gateway.Url() + "/x", new StringContent("charge " + i));
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.Equal(10, backend.Requests);
        Assert.Equal(10, backend.Connections);
    }
}
