using Fulcrum.FunctionalTests.Infrastructure;
using Grpc.Core;
using Fulcrum.Tests.Common;
using Grpc.Net.Client;

namespace Fulcrum.FunctionalTests.Grpc;

/// <summary>
/// The gateway's own errors reach a gRPC client as grpc-status with a message (HTTP 200, Trailers-Only), not as
/// an HTTP status the client would have to guess a code for: no route → UNIMPLEMENTED, no healthy destination and
/// a refused destination → UNAVAILABLE.
/// </summary>
public sealed class GrpcGatewayErrorTests
{
    [Fact]
    public async Task Call_NoRouteNoHealthyAndRefused_AnsweredWithGrpcStatus()
    {
        // A port nothing listens on: bound then released.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, http2: true, address: 127.0.0.1:0 }
            routes:
              refused: { match: { path: /fulcrum.test.Echo/Unary }, cluster: refused }
              unhealthy: { match: { path: /fulcrum.test.Echo/ServerStream }, cluster: unhealthy }
            clusters:
              refused:
                http: { version: "2" }
                destinations: { d1: { address: "http://127.0.0.1:{{closedPort}}" } }
              unhealthy:
                http: { version: "2" }
                destinations: { d1: { address: "http://127.0.0.1:{{closedPort}}" } }
                healthCheck: { active: { interval: 100ms, timeout: 100ms, unhealthyAfter: 1 } }
            """);
        await Wait.UntilAsync(() => gateway.Runtime.Clusters["unhealthy"].Available.Count == 0, "cluster unhealthy has no healthy destination");
        using var channel = GrpcChannel.ForAddress(gateway.Url(), new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });
        var client = new Echo.EchoClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(20);

        var noRoute = await Assert.ThrowsAsync<RpcException>(async () => await client.BidiAsyncUnary(deadline));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await client.UnaryAsync(new EchoRequest { Text = "x" }, deadline: deadline));
        var unhealthy = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = client.ServerStream(new EchoRequest { Count = 1 }, deadline: deadline);
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.Unimplemented, noRoute.StatusCode);
        Assert.Equal("no route matches this request", noRoute.Status.Detail);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("destination d1 of cluster refused failed", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, unhealthy.StatusCode);
        Assert.Equal("no healthy destination", unhealthy.Status.Detail);
    }
}

internal static class EchoClientExtensions
{
    /// <summary>A bidi call that sends nothing and reads the first reply: enough to see how the call ends.</summary>
    public static async Task BidiAsyncUnary(this Echo.EchoClient client, DateTime deadline)
    {
        using var call = client.Bidi(deadline: deadline);
        await call.ResponseStream.MoveNext(CancellationToken.None);
    }
}
