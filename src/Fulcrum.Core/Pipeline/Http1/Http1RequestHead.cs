using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using Fulcrum.Pipeline.Forwarding;

namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// The bytes of one request head (and, when it fits and is already here, its whole body) in a pooled buffer that
/// grows on demand, plus the client header names not to copy. One per upstream connection, reused by every request
/// on it. It is also the carrier the trace propagator and <see cref="ForwardedHeaders"/> write into.
/// </summary>
internal sealed class Http1RequestHead : IDisposable
{
    private const int InitialSize = 4096;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private Skipped _skipped;
    private int _skippedCount;

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Reset()
    {
        Length = 0;
        _skipped = default;
        _skippedCount = 0;
    }

    /// <summary>Takes another head's bytes (a retry on a fresh connection sends what the stale one could not).</summary>
    public void CopyFrom(Http1RequestHead other)
    {
        Reset();
        Append(other.Written.Span);
    }

    /// <summary>A client header of this name is not copied (ForwardedHeaders wrote its own, or none).</summary>
    public void Skip(string name)
    {
        if (_skippedCount < Skipped.Capacity)
        {
            _skipped[_skippedCount++] = name;
        }
    }

    public bool IsSkipped(string name)
    {
        for (var i = 0; i < _skippedCount; i++)
        {
            if (string.Equals(_skipped[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>ASCII text (method, header names).</summary>
    public void AppendAscii(ReadOnlySpan<char> text)
    {
        var span = Reserve(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        Length += text.Length;
    }

    /// <summary>
    /// Part of the request target. What routing produced is already encoded; anything that is not visible ASCII (a
    /// raw control character Kestrel let through in the query, say) is percent-encoded as UTF-8 so it cannot end or
    /// split the request line.
    /// </summary>
    public void AppendTarget(ReadOnlySpan<char> text) => AppendEscaped(text, VisibleAscii);

    /// <summary>
    /// A decoded path, encoded for the request line: every character outside RFC 3986's pchar set and '/' is
    /// percent-encoded as UTF-8, '%' included — Kestrel decoded the client's escapes, so a '%' here is a literal one
    /// (what YARP's path does, see EncodedRequestPath).
    /// </summary>
    public void AppendPath(ReadOnlySpan<char> path) => AppendEscaped(path, PathChars);

    private static readonly SearchValues<char> VisibleAscii = SearchValues.Create(
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly SearchValues<char> PathChars = SearchValues.Create(
        "!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    private void AppendEscaped(ReadOnlySpan<char> text, SearchValues<char> allowed)
    {
        var plain = text.IndexOfAnyExcept(allowed);
        if (plain < 0)
        {
            AppendAscii(text);
            return;
        }

        AppendAscii(text[..plain]);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = plain; i < text.Length; i++)
        {
            var c = text[i];
            if (allowed.Contains(c))
            {
                Reserve(1)[0] = (byte)c;
                Length++;
                continue;
            }

            var count = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.Slice(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(text.Slice(i, 1), utf8);
            for (var j = 0; j < count; j++)
            {
                var escape = Reserve(3);
                escape[0] = (byte)'%';
                escape[1] = (byte)"0123456789ABCDEF"[utf8[j] >> 4];
                escape[2] = (byte)"0123456789ABCDEF"[utf8[j] & 0xF];
                Length += 3;
            }
        }
    }

    /// <summary>A header value: Kestrel decoded the client's bytes as UTF-8, so they are sent back the same way.</summary>
    public void AppendValue(string value)
    {
        var span = Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        Length += Encoding.UTF8.GetBytes(value, span);
    }

    public void AppendNumber(long value)
    {
        var span = Reserve(20);
        value.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        Length += written;
    }

    public void AppendHeader(string name, string value)
    {
        AppendAscii(name);
        Append(": "u8);
        AppendValue(value);
        Append("\r\n"u8);
    }

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Length + count));
            _buffer.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(Length, count);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [InlineArray(Capacity)]
    private struct Skipped
    {
        public const int Capacity = 8;
        private string? _first;
    }
}
