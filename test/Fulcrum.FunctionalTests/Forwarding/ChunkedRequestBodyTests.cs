using System.Security.Cryptography;
using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// A request body of unknown length goes upstream chunked and complete. The backend hashes what it received rather
/// than echoing it, so the client (which sends all of an HTTP/1.1 body before reading) cannot deadlock on the echo.
/// </summary>
public sealed class ChunkedRequestBodyTests
{
    [Fact]
    public async Task Post_BodyOfUnknownLength_ForwardedChunkedAndIntact()
    {
        await using var backend = await InlineBackend.StartAsync(async context =>
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[16 * 1024];
            long length = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            var request = context.Request;
            await context.Response.WriteAsync(
                $"{request.Headers.TransferEncoding}|{request.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}|{length}|{Convert.ToHexString(hash.GetHashAndReset())}");
        });
        await using var gateway = await TestGateway.StartAsync(Yaml.ForAddress(backend.Address));
        var body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(body);

        using var content = new StreamContent(new NonSeekableStream(body), bufferSize: 8192);
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url() + "/upload") { Content = content };
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.True(request.Headers.TransferEncodingChunked, "the client did not send the body chunked");
        Assert.Equal($"chunked|none|{body.Length}|{Convert.ToHexString(SHA256.HashData(body))}", await response.Content.ReadAsStringAsync());
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
