using Microsoft.AspNetCore.Http;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// Wraps a request body of unknown length: counts what is read and fails the read that would pass the limit, so
/// those bytes are never handed on. Also notices the server's own 413 (Kestrel's per-request limit, usually the
/// first to trip). The forwarder reports either as a client body error (400) and cancels the upstream request
/// without completing its body; when the response has not started, <see cref="OnResponseStartingAsync"/> turns
/// that 400 into 413. If the destination had already started answering, the forwarder aborts the exchange —
/// nothing better can be said once a status is on the wire. One instance per request; not thread-safe (the body
/// is read by one reader at a time).
/// </summary>
internal sealed class SizeLimitedBody : Stream
{
    private readonly Stream _inner;
    private readonly HttpContext _context;
    private readonly long _limit;
    private long _read;

    private SizeLimitedBody(Stream inner, HttpContext context, long limit)
    {
        _inner = inner;
        _context = context;
        _limit = limit;
    }

    /// <summary>True once more than the limit was offered.</summary>
    public bool Exceeded { get; private set; }

    public static SizeLimitedBody Install(HttpContext context, long limit)
    {
        var body = new SizeLimitedBody(context.Request.Body, context, limit);
        context.Request.Body = body;
        context.Response.OnStarting(static state => ((SizeLimitedBody)state).OnResponseStartingAsync(), body);
        return body;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Count(_inner.Read(buffer));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Exceeded = true;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Count(await _inner.ReadAsync(buffer, cancellationToken));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Exceeded = true;
            throw;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit)
        {
            Exceeded = true;
            throw new BadHttpRequestException($"request body larger than {_limit} bytes", StatusCodes.Status413PayloadTooLarge);
        }

        return read;
    }

    /// <summary>
    /// The forwarder may answer a failed client body with a bare 400: say what it really was. And close the
    /// connection, so the client stops sending and the server does not drain the rest of an unwanted body.
    /// </summary>
    private Task OnResponseStartingAsync()
    {
        var response = _context.Response;
        if (Exceeded && response.StatusCode is StatusCodes.Status400BadRequest or StatusCodes.Status413PayloadTooLarge)
        {
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            response.Headers.Connection = "close";
        }

        return Task.CompletedTask;
    }
}
