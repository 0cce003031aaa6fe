using System.Buffers;
using System.Text;
using Fulcrum.Pipeline.Http1;
using Fulcrum.Tests.L4;

namespace Fulcrum.Tests.Pipeline.Http1;

/// <summary>
/// The chunked upload's framing: its buffer is a 64 KiB array (asking the pool for 64 KiB plus framing used to hand
/// out a 128 KiB one per upload), the largest chunk fills it exactly, and the chunks carry the body unchanged.
/// </summary>
public sealed class Http1ChunkEncoderTests
{
    [Fact]
    public void RentBuffer_FromSharedPool_SixtyFourKiBArray()
    {
        var buffer = Http1ChunkEncoder.RentBuffer();
        try
        {
            Assert.Equal(64 * 1024, buffer.Length);
        }
        finally
        {
            Http1ChunkEncoder.ReturnBuffer(buffer);
        }
    }

    [Fact]
    public void Encode_BodyLargerThanOneChunk_LargestChunkFillsBufferExactly()
    {
        var buffer = Http1ChunkEncoder.RentBuffer();
        try
        {
            var length = Http1ChunkEncoder.Encode(new ReadOnlySequence<byte>(new byte[100_000]), buffer, out var taken);

            Assert.Equal(buffer.Length, length);
            Assert.Equal(Http1ChunkEncoder.MaxPayload, taken);
            Assert.Equal($"{taken:X}\r\n", Encoding.ASCII.GetString(buffer, 0, 6));
            Assert.Equal("\r\n", Encoding.ASCII.GetString(buffer, length - 2, 2));
        }
        finally
        {
            Http1ChunkEncoder.ReturnBuffer(buffer);
        }
    }

    [Fact]
    public void Encode_MultiSegmentBody_ChunksCarryItUnchanged()
    {
        var body = new byte[200_003];
        new Random(7).NextBytes(body);
        var remaining = Segments.Split(body, 4096);
        var decoded = new List<byte>();
        var buffer = Http1ChunkEncoder.RentBuffer();
        try
        {
            while (!remaining.IsEmpty)
            {
                var length = Http1ChunkEncoder.Encode(remaining, buffer, out var taken);
                var sizeLine = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0];
                Assert.Equal(taken, Convert.ToInt32(sizeLine, 16));
                Assert.Equal(sizeLine.Length + 2 + taken + 2, length);
                decoded.AddRange(buffer.AsSpan(sizeLine.Length + 2, taken));
                remaining = remaining.Slice(taken);
            }
        }
        finally
        {
            Http1ChunkEncoder.ReturnBuffer(buffer);
        }

        Assert.Equal(body, decoded);
    }
}
