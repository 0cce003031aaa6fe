using Microsoft.AspNetCore.Http;

namespace Fulcrum.Pipeline.Transforms;

/// <summary>Route path rewriting: strip a leading prefix (on a segment boundary), then add one.</summary>
internal sealed class PathTransform
{
    public static readonly PathTransform None = new(null, null);

    private readonly PathString _remove;
    private readonly PathString _add;

    public PathTransform(string? removePrefix, string? addPrefix)
    {
        _remove = new PathString(removePrefix);
        _add = new PathString(addPrefix);
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
}
