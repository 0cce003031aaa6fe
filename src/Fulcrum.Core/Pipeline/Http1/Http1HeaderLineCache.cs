namespace Fulcrum.Pipeline.Http1;

/// <summary>
/// The response header lines one upstream connection carried last, each with what copying it to the client's response
/// needs (its name and value as strings, or that it is not copied). A keep-alive backend sends mostly the same lines on
/// every response (Server, Content-Type, ETag; Date changes once a second), so a line equal to the one at its position
/// last time is copied without being split, looked up and decoded again, and without a string being made for it.
/// Belongs to one connection, which one request at a time uses: not thread-safe.
/// </summary>
internal sealed class Http1HeaderLineCache
{
    /// <summary>Lines past this position are decoded every time (a response with more headers than this is rare).</summary>
    private const int Capacity = 32;

    private readonly Entry[] _entries = new Entry[Capacity];

    /// <summary>What the line at <paramref name="index"/> became the last time it was exactly these bytes.</summary>
    public bool TryGet(int index, ReadOnlySpan<byte> line, out Http1HeaderLine header)
    {
        if ((uint)index < Capacity && _entries[index].Line is { } cached && line.SequenceEqual(cached.AsSpan(0, _entries[index].Length)))
        {
            header = _entries[index].Header;
            return true;
        }

        header = default;
        return false;
    }

    /// <summary>
    /// Whether a line before <paramref name="index"/> in the head being copied had this name (the entries before it are
    /// that head's: each was just matched or set). Lines past the capacity answer true, so they are appended.
    /// </summary>
    public bool NameSeenBefore(int index, string name)
    {
        if ((uint)index >= Capacity)
        {
            return true;
        }

        for (var i = 0; i < index; i++)
        {
            if (_entries[i].Header.Name is { } earlier
                && (ReferenceEquals(earlier, name) || (earlier.Length == name.Length && string.Equals(earlier, name, StringComparison.OrdinalIgnoreCase))))
            {
                return true;
            }
        }

        return false;
    }

    public void Set(int index, ReadOnlySpan<byte> line, Http1HeaderLine header)
    {
        if ((uint)index >= Capacity)
        {
            return;
        }

        ref var entry = ref _entries[index];
        if (entry.Line is null || entry.Line.Length < line.Length)
        {
            entry.Line = new byte[Math.Max(line.Length, 64)];
        }

        line.CopyTo(entry.Line);
        entry.Length = line.Length;
        entry.Header = header;
    }

    private struct Entry
    {
        public byte[]? Line;
        public int Length;
        public Http1HeaderLine Header;
    }
}
