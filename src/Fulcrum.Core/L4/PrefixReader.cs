using System.Buffers;
using System.IO.Pipelines;

namespace Fulcrum.L4;

/// <summary>
/// Reads the start of a connection until a parser gives a verdict, consuming only what the verdict says. The
/// parsers are bounded (they turn Invalid past their maximum length), so the buffer cannot grow without limit.
/// </summary>
internal static class PrefixReader
{
    /// <summary>The verdict, or null when the client closed before there was one.</summary>
    public static async ValueTask<T?> ReadAsync<T>(PipeReader input, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
        where T : struct, IPrefixResult
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            var verdict = parse(buffer);
            if (!verdict.IsIncomplete)
            {
                input.AdvanceTo(buffer.GetPosition(verdict.Consumed));
                return verdict;
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            // Nothing consumed, everything examined: the next read waits for more bytes.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
