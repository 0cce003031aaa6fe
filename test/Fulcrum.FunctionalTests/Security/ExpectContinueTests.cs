using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// <c>Expect: 100-continue</c>: on an open route the client is told to continue and its body reaches the backend
/// once; on a route whose policy refuses the request, the refusal comes first, no 100 is sent, and no body is
/// forwarded.
/// </summary>
public sealed class ExpectContinueTests
{
    [Fact]
    public async Task Post_ExpectContinueOpenRoute_100ThenBodyForwardedOnce()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway), deadline: TimeSpan.FromSeconds(10));

        await connection.TryWriteAsync("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var interim = await connection.ReadHeadAsync();
        await connection.TryWriteAsync("hello");
        var final = await connection.ReadResponseAsync();

        Assert.Equal(100, interim.Status);
        Assert.Equal(200, final.Status);
        Assert.Equal("hello", spy.Requests.Single().BodyText);
    }

    [Fact]
    public async Task Post_ExpectContinueRefusedByPolicy_401WithoutContinueNothingForwarded()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        await using var connection = await RawConnection.OpenAsync(SpyGateway.EndPoint(gateway), deadline: TimeSpan.FromSeconds(10));

        await connection.TryWriteAsync("POST /admin/upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var first = await connection.ReadResponseAsync();

        Assert.Equal(401, first.Status);
        Assert.Equal(0, spy.RequestCount);
        Assert.Equal(0, spy.AcceptedConnections);
    }
}
