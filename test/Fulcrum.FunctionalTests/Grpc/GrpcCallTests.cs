using Fulcrum.FunctionalTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fulcrum.FunctionalTests.Grpc;

/// <summary>
/// gRPC through the gateway with a real Grpc.Net.Client: unary, server streaming, client streaming and bidi calls,
/// response headers and trailers preserved, backend statuses passed through; over h2c and over TLS (ALPN h2).
/// </summary>
public sealed class GrpcCallTests
{
    internal static string Config(string listener, string backend) => $$"""
        listeners:
          web: {{listener}}
        routes:
          echo: { match: { pathPrefix: /fulcrum.test.Echo }, cluster: grpc }
        clusters:
          grpc:
            http: { version: "2" }
            destinations: { d1: { address: "{{backend}}" } }
        """;

    [Fact]
    public async Task Calls_OverH2cListener_AllShapesWithTrailers()
    {
        await using var backend = await GrpcBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config("{ protocol: http, http2: true, address: 127.0.0.1:0 }", backend.Address));
        using var channel = GrpcChannel.ForAddress(gateway.Url(), new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() });

        await AssertAllCallShapesAsync(new Echo.EchoClient(channel));
    }

    [Fact]
    public async Task Calls_OverHttpsListener_AllShapesWithTrailers()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "localhost");
        await using var backend = await GrpcBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config(
            $"{{ protocol: https, address: 127.0.0.1:0, tls: {{ certificates: {TlsFiles.CertificatesYaml(site)} }} }}", backend.Address));
        using var channel = GrpcChannel.ForAddress($"https://localhost:{gateway.EndPoint().Port}", new GrpcChannelOptions { HttpHandler = tls.Authority.TrustingHandler() });

        await AssertAllCallShapesAsync(new Echo.EchoClient(channel));
    }

    private static async Task AssertAllCallShapesAsync(Echo.EchoClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);

        using (var unary = client.UnaryAsync(new EchoRequest { Text = "one" }, deadline: deadline))
        {
            Assert.Equal("one", (await unary.ResponseAsync).Text);
            Assert.Equal("h-one", (await unary.ResponseHeadersAsync).GetValue("x-echo-header"));
            Assert.Equal("t-one", unary.GetTrailers().GetValue("x-echo-trailer"));
            Assert.Equal(StatusCode.OK, unary.GetStatus().StatusCode);
        }

        using (var stream = client.ServerStream(new EchoRequest { Text = "s", Count = 5 }, deadline: deadline))
        {
            var indexes = new List<int>();
            await foreach (var reply in stream.ResponseStream.ReadAllAsync())
            {
                indexes.Add(reply.Index);
            }

            Assert.Equal([0, 1, 2, 3, 4], indexes);
            Assert.Equal("streamed-5", stream.GetTrailers().GetValue("x-echo-trailer"));
        }

        using (var upload = client.ClientStream(deadline: deadline))
        {
            foreach (var text in new[] { "a", "b", "c" })
            {
                await upload.RequestStream.WriteAsync(new EchoRequest { Text = text });
            }

            await upload.RequestStream.CompleteAsync();
            var reply = await upload.ResponseAsync;
            Assert.Equal("a,b,c", reply.Text);
            Assert.Equal(3, reply.Index);
        }

        using (var bidi = client.Bidi(deadline: deadline))
        {
            // Interleaved: each reply is read before the next request is sent, so messages really cross both ways.
            foreach (var text in new[] { "x", "y" })
            {
                await bidi.RequestStream.WriteAsync(new EchoRequest { Text = text });
                Assert.True(await bidi.ResponseStream.MoveNext(CancellationToken.None));
                Assert.Equal(text.ToUpperInvariant(), bidi.ResponseStream.Current.Text);
            }

            await bidi.RequestStream.CompleteAsync();
            Assert.False(await bidi.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.OK, bidi.GetStatus().StatusCode);
        }

        // A status the backend chose reaches the client unchanged, message included.
        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.UnaryAsync(new EchoRequest { Text = "no", FailWith = (int)StatusCode.FailedPrecondition }, deadline: deadline));
        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("failed as asked: no", failure.Status.Detail);
    }
}
