using System.Buffers;
using System.Globalization;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// Frames a request body as HTTP/1.1 chunks for the upload (RFC 9112 §7.1): each chunk — hex size, CRLF, payload,
/// CRLF — is laid out in one pooled buffer and sent in one write. The buffer is exactly 64 KiB, an array from the shared
/// pool's 64 KiB bucket: asking for a few bytes more (payload plus framing) would be served from the 128 KiB bucket and
/// double what every chunked upload holds. So the payload is sized to fit with its framing instead.
/// </summary>
internal static class Http1ChunkEncoder
{
    public const int BufferSize = 64 * 1024;

    /// <summary>The largest payload: "FFF8" CRLF, 65,528 bytes, CRLF fill <see cref="BufferSize"/> exactly.</summary>
    public const int MaxPayload = BufferSize - 4 - 2 - 2;

    public static byte[] RentBuffer() => ArrayPool<byte>.Shared.Rent(BufferSize);

    public static void ReturnBuffer(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>
    /// Lays out in <paramref name="buffer"/> the chunk carrying the first <paramref name="taken"/> bytes of
    /// <paramref name="body"/> (all of it, up to <see cref="MaxPayload"/>); returns the chunk's length. No allocation.
    /// </summary>
    public static int Encode(in ReadOnlySequence<byte> body, Span<byte> buffer, out int taken)
    {
        taken = (int)Math.Min(body.Length, MaxPayload);
        taken.TryFormat(buffer, out var prefix, "X", CultureInfo.InvariantCulture);
        "\r\n"u8.CopyTo(buffer[prefix..]);
        prefix += 2;
        body.Slice(0, taken).CopyTo(buffer[prefix..]);
        "\r\n"u8.CopyTo(buffer[(prefix + taken)..]);
        return prefix + taken + 2;
    }
}
