using System.Security.Cryptography;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>A request body of unknown length (chunked) is streamed to the backend and echoed back intact.</summary>
public sealed class ChunkedRequestBodyTests
{
    [Fact]
    public async Task Post_BodyOfUnknownLength_SentChunkedAndEchoedIntact()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: b }
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);
        var body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(body);

        using var content = new StreamContent(new NonSeekableStream(body), bufferSize: 8192);
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url() + "/echo") { Content = content };
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var echoed = await response.Content.ReadAsByteArrayAsync();

        Assert.True(request.Headers.TransferEncodingChunked, "the client did not send the body chunked");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), Convert.ToHexString(SHA256.HashData(echoed)));
        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal("chunked", received.Headers["Transfer-Encoding"]);
        Assert.False(received.Headers.ContainsKey("Content-Length"));
    }

    /// <summary>Hides its length, so HttpClient cannot send a Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Odd-sized reads, so chunk boundaries fall anywhere.
            var count = Math.Min(Math.Min(buffer.Length, 5000), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
