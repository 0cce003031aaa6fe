using System.Security.Cryptography;
using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>Megabytes both ways through a streaming echo backend, with and without a declared length, byte for byte.</summary>
public sealed class Http1LargeBodyTests
{
    private const int Size = 8 * 1024 * 1024;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_EightMiBToStreamingEcho_EchoedByteIdentical(bool declareLength)
    {
        // The echo answers while it still reads, so the upload and the response must flow at the same time.
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));
        var payload = RandomNumberGenerator.GetBytes(Size);

        HttpContent content = declareLength ? new ByteArrayContent(payload) : new StreamContent(new UnknownLengthStream(payload));
        using var response = await gateway.Client.PostAsync(gateway.Url() + "/echo", content);
        var echoed = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(Size, echoed.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(echoed));
        Assert.NotNull(LeanPath.Pool(gateway));
    }

    [Fact]
    public async Task Get_EightMiBDownload_RelayedWhole()
    {
        var payload = RandomNumberGenerator.GetBytes(Size);
        await using var backend = await InlineBackend.StartAsync(context => context.Response.Body.WriteAsync(payload).AsTask());
        await using var gateway = await TestGateway.StartAsync(LeanPath.Config(backend.Address));

        var body = await gateway.Client.GetByteArrayAsync(gateway.Url() + "/big");

        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(body));
    }

    /// <summary>A stream that does not say its length, so the client sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
