using System.Diagnostics.CodeAnalysis;

namespace Fulcrum.Routing;

/// <summary>
/// A parsed path such as <c>/api/{id}/{**rest}</c>. A parameter must be a whole segment: complex segments
/// (<c>/v{version}</c>), constraints (<c>{id:int}</c>) and optional parameters (<c>{id?}</c>) are rejected rather
/// than half-supported, so a template never means something other than what it reads as.
/// </summary>
/// <remarks>
/// Matching is strict about segments: <c>/api/{id}</c> matches <c>/api/5</c> but not <c>/api/5/</c> (an extra,
/// empty segment) — the same rule exact paths follow. End a template with a catch-all to accept more.
/// Immutable; safe to share between threads.
/// </remarks>
internal sealed class PathTemplate
{
    private readonly PathTemplateSegment[] _segments;

    private PathTemplate(string text, PathTemplateSegment[] segments)
    {
        Text = text;
        _segments = segments;
        foreach (var segment in segments)
        {
            switch (segment.Kind)
            {
                case PathTemplateSegmentKind.Literal:
                    LiteralCount++;
                    break;
                case PathTemplateSegmentKind.Parameter:
                    ParameterCount++;
                    break;
                case PathTemplateSegmentKind.CatchAll:
                    HasCatchAll = true;
                    break;
            }
        }
    }

    public string Text { get; }

    public IReadOnlyList<PathTemplateSegment> Segments => _segments;

    public int LiteralCount { get; }

    /// <summary>Single-segment parameters; the catch-all is not counted.</summary>
    public int ParameterCount { get; }

    public bool HasCatchAll { get; }

    /// <summary>True when the template is plain text that can only match itself.</summary>
    public bool IsLiteral => ParameterCount == 0 && !HasCatchAll;

    /// <summary>
    /// Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong in words fit for a
    /// configuration error. Plain paths without parameters parse too, so the validator may call this on every path.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out PathTemplate? template, [NotNullWhen(false)] out string? error)
    {
        template = null;
        if (string.IsNullOrEmpty(text) || text[0] != '/')
        {
            error = $"'{text}' must start with '/'";
            return false;
        }

        var segments = new List<PathTemplateSegment>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rest = text.AsSpan(1);
        while (true)
        {
            var slash = rest.IndexOf('/');
            var raw = slash < 0 ? rest : rest[..slash];
            if (segments.Count > 0 && segments[^1].Kind == PathTemplateSegmentKind.CatchAll)
            {
                error = "catch-all must be the last segment";
                return false;
            }

            if (!TryParseSegment(raw, names, out var segment, out error))
            {
                return false;
            }

            segments.Add(segment);
            if (slash < 0)
            {
                break;
            }

            rest = rest[(slash + 1)..];
        }

        template = new PathTemplate(text, [.. segments]);
        error = null;
        return true;
    }

    /// <summary>Parses a template the configuration already validated; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static PathTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var template, out var error)
            ? template
            : throw new ArgumentException($"invalid path template '{text}': {error}", nameof(text));
    }

    /// <summary>Matches a request path (which starts with '/'); allocation-free.</summary>
    public bool IsMatch(ReadOnlySpan<char> path, StringComparison comparison)
    {
        if (path.IsEmpty || path[0] != '/')
        {
            return false;
        }

        // Invariant between iterations: position is at the '/' that opens the next segment, or at the end.
        var position = 0;
        foreach (var segment in _segments)
        {
            if (segment.Kind == PathTemplateSegmentKind.CatchAll)
            {
                return true;
            }

            if (position >= path.Length)
            {
                return false;
            }

            var start = position + 1;
            var length = path[start..].IndexOf('/');
            var end = length < 0 ? path.Length : start + length;
            var value = path[start..end];
            if (segment.Kind == PathTemplateSegmentKind.Literal
                ? !value.Equals(segment.Text, comparison)
                : value.IsEmpty)
            {
                return false;
            }

            position = end;
        }

        return position == path.Length;
    }

    public override string ToString() => Text;

    private static bool TryParseSegment(
        ReadOnlySpan<char> raw, HashSet<string> names, out PathTemplateSegment segment, [NotNullWhen(false)] out string? error)
    {
        segment = default;
        var open = raw.IndexOf('{');
        var close = raw.IndexOf('}');
        if (open < 0 && close < 0)
        {
            if (raw.Contains('?'))
            {
                error = $"'{raw}' contains '?': match query parameters with a query condition, not in the path";
                return false;
            }

            segment = new PathTemplateSegment(PathTemplateSegmentKind.Literal, raw.ToString());
            error = null;
            return true;
        }

        if (open < 0 || (close >= 0 && close < open))
        {
            error = "unbalanced '}'";
            return false;
        }

        if (close < 0 || raw[(open + 1)..close].Contains('{'))
        {
            error = "unbalanced '{'";
            return false;
        }

        if (raw[(close + 1)..].ContainsAny('{', '}'))
        {
            error = $"'{raw}' holds more than one parameter; a parameter must be a whole segment";
            return false;
        }

        if (open != 0 || close != raw.Length - 1)
        {
            error = $"'{raw}' mixes text and a parameter; a parameter must be a whole segment";
            return false;
        }

        var inner = raw[1..^1];
        var kind = PathTemplateSegmentKind.Parameter;
        if (inner.StartsWith("**", StringComparison.Ordinal))
        {
            kind = PathTemplateSegmentKind.CatchAll;
            inner = inner[2..];
        }
        else if (inner.StartsWith('*'))
        {
            kind = PathTemplateSegmentKind.CatchAll;
            inner = inner[1..];
        }

        if (inner.IsEmpty)
        {
            error = "empty parameter name";
            return false;
        }

        foreach (var c in inner)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                error = $"invalid parameter name '{inner}': use letters, digits, '_' or '-' (constraints and optional parameters are not supported)";
                return false;
            }
        }

        var name = inner.ToString();

        // Case-insensitive, as ASP.NET Core route values are: {id} and {ID} would name the same value downstream.
        if (!names.Add(name))
        {
            error = $"duplicate parameter '{name}'";
            return false;
        }

        segment = new PathTemplateSegment(kind, name);
        error = null;
        return true;
    }
}
