using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline.Transforms;

/// <summary>Route path rewriting: strip a leading prefix (on a segment boundary), then add one.</summary>
internal sealed class PathTransform
{
    public static readonly PathTransform None = new(null, null);

    private readonly PathString _remove;
    private readonly PathString _add;
    private readonly string _addEncoded;

    public PathTransform(string? removePrefix, string? addPrefix)
    {
        _remove = new PathString(removePrefix);
        _add = new PathString(addPrefix);
        _addEncoded = _add.ToUriComponent();
        IsIdentity = !_remove.HasValue && !_add.HasValue;
    }

    public bool IsIdentity { get; }

    public PathString Apply(PathString path)
    {
        if (_remove.HasValue && path.StartsWithSegments(_remove, StringComparison.Ordinal, out var remainder))
        {
            path = remainder;
        }

        return _add.HasValue ? _add.Add(path) : path;
    }

    /// <summary>
    /// <see cref="Apply"/> on an already encoded path (see <see cref="EncodedRequestPath"/>). The prefix is matched
    /// on the decoded <paramref name="path"/>, as the route was; the encoded path has the same segments, so the
    /// remainder is its last segments, as many as the decoded remainder has.
    /// </summary>
    public string ApplyEncoded(PathString path, string encodedPath)
    {
        if (_remove.HasValue && path.StartsWithSegments(_remove, StringComparison.Ordinal, out var remainder))
        {
            encodedPath = LastSegments(encodedPath, remainder.Value.AsSpan().Count('/'));
        }

        if (!_add.HasValue)
        {
            return encodedPath;
        }

        // As PathString.Add: a prefix ending in '/' does not double the remainder's leading '/'.
        return _addEncoded.EndsWith('/') && encodedPath.StartsWith('/')
            ? string.Concat(_addEncoded, encodedPath.AsSpan(1))
            : _addEncoded + encodedPath;
    }

    private static string LastSegments(string encodedPath, int count)
    {
        var at = encodedPath.Length;
        for (var found = 0; found < count; found++)
        {
            at = encodedPath.LastIndexOf('/', at - 1);
        }

        return count == 0 ? "" : encodedPath[at..];
    }
}
