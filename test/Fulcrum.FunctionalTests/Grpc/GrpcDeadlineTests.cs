using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fulcrum.FunctionalTests.Grpc;

/// <summary>A client deadline ends the call with DEADLINE_EXCEEDED in time, and the cancellation reaches the backend.</summary>
public sealed class GrpcDeadlineTests
{
    [Fact]
    public async Task Unary_DeadlineShorterThanBackend_DeadlineExceededAndBackendCancelled()
    {
        await using var backend = await GrpcBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GrpcCallTests.Config("{ protocol: http, http2: true, address: 127.0.0.1:0 }", backend.Address));
        using var channel = GrpcChannel.ForAddress(gateway.Url(), new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });
        var client = new Echo.EchoClient(channel);
        // One call first, so that connecting and JIT (slow on a loaded machine) do not eat the short deadline below
        // before the call even reaches the backend.
        await client.UnaryAsync(new EchoRequest { Text = "warm" }, deadline: DateTime.UtcNow.AddSeconds(20));
        var watch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.UnaryAsync(new EchoRequest { Text = "slow", DelayMs = 30_000 }, deadline: DateTime.UtcNow.AddSeconds(1)));

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the call took {watch.Elapsed}, not the deadline");
        // The grpc-timeout header travelled and/or the client's reset was forwarded: the backend stopped waiting.
        await Wait.UntilAsync(() => backend.Service.Cancelled == 1, "the backend's call was cancelled");
    }
}
