using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>An HTTP/1.0 response with no length runs to the close: relayed whole, and its connection is not reused.</summary>
public sealed class Http1CloseDelimitedResponseTests
{
    [Fact]
    public async Task Get_Http10ResponseWithoutLength_BodyToCloseRelayedNewConnectionNext()
    {
        await using var backend = ScriptedBackend.Start((_, _) => ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", true));
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        for (var i = 0; i < 3; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/old");
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("until the end", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(3, backend.Connections);
    }
}
