using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Fulcrum.L4.Tcp;

/// <summary>
/// The client side of a proxied TCP connection as a stream: reads come from Kestrel's input pipe (which may
/// still hold a peeked ClientHello), writes go straight to the socket. Writing past Kestrel's output pipe is
/// what makes half-close possible: completing that pipe would close the whole socket, while
/// <see cref="ShutdownSend"/> sends a FIN and leaves the client's direction open.
/// </summary>
internal sealed class ClientStream : Stream
{
    private readonly PipeReader _input;
    private readonly Socket _socket;
    private readonly NetworkStream _output;

    public ClientStream(PipeReader input, Socket socket)
    {
        _input = input;
        _socket = socket;
        _output = new NetworkStream(socket, ownsSocket: false);
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>What the client sent, for a reader that can take Kestrel's blocks as they are.</summary>
    public PipeReader Input => _input;

    /// <summary>Passes the destination's FIN on to the client; the client may go on sending.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var data = result.Buffer;
            if (!data.IsEmpty)
            {
                var take = (int)Math.Min(data.Length, buffer.Length);
                data.Slice(0, take).CopyTo(buffer.Span);
                _input.AdvanceTo(data.GetPosition(take));
                return take;
            }

            _input.AdvanceTo(data.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return 0;
            }
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _output.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _output.WriteAsync(buffer, offset, count, cancellationToken);

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => _output.Write(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _output.Dispose();
        }

        base.Dispose(disposing);
    }
}
