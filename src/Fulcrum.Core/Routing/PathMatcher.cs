using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>
/// Matches the request path exactly, by template, or by prefix on a segment boundary. Case-sensitive (ordinal) by
/// default because paths are case-sensitive by RFC 3986 and most backends treat them so. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The path compared is <see cref="HttpRequest.Path"/>, which Kestrel has already percent-decoded (except
/// <c>%2F</c>) and from which any <see cref="HttpRequest.PathBase"/> has been removed. An empty path is read as
/// <c>/</c>.
/// </remarks>
internal sealed class PathMatcher
{
    private readonly string _text;
    private readonly PathTemplate? _template;
    private readonly StringComparison _comparison;

    private PathMatcher(PathMatchKind kind, string text, PathTemplate? template, bool ignoreCase)
    {
        Kind = kind;
        _text = text;
        _template = template;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    public PathMatchKind Kind { get; }

    /// <summary>The exact path, the normalized prefix (no trailing '/' unless it is "/"), or the template text.</summary>
    public string Text => _text;

    public PathTemplate? Template => _template;

    /// <summary>An exact path, or a template when <paramref name="path"/> holds parameters.</summary>
    public static PathMatcher FromPath(string path, bool ignoreCase = false)
    {
        var template = PathTemplate.Parse(path);

        // A template without parameters can only match its own text; comparing strings is cheaper than walking it.
        return template.IsLiteral
            ? new PathMatcher(PathMatchKind.Exact, path, null, ignoreCase)
            : new PathMatcher(PathMatchKind.Template, path, template, ignoreCase);
    }

    /// <summary>A prefix that ends at a segment boundary; <c>/</c> matches every path.</summary>
    public static PathMatcher FromPrefix(string prefix, bool ignoreCase = false)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0 || prefix[0] != '/')
        {
            throw new ArgumentException($"path prefix '{prefix}' must start with '/'", nameof(prefix));
        }

        // "/text/" and "/text" name the same subtree; keeping the slash would stop "/text" itself from matching.
        var trimmed = prefix.TrimEnd('/');
        return new PathMatcher(PathMatchKind.Prefix, trimmed.Length == 0 ? "/" : trimmed, null, ignoreCase);
    }

    /// <summary>Length of the literal text that must match, used to rank prefixes: longer is more specific.</summary>
    public int PrefixLength => Kind == PathMatchKind.Prefix ? _text.Length : 0;

    public bool IsMatch(HttpRequest request) => IsMatch(request.Path.Value);

    public bool IsMatch(ReadOnlySpan<char> path)
    {
        if (path.IsEmpty)
        {
            path = "/";
        }

        switch (Kind)
        {
            case PathMatchKind.Exact:
                return path.Equals(_text, _comparison);
            case PathMatchKind.Template:
                return _template!.IsMatch(path, _comparison);
            default:
                if (_text.Length == 1)
                {
                    return true;
                }

                return path.StartsWith(_text, _comparison)
                    && (path.Length == _text.Length || path[_text.Length] == '/');
        }
    }

    public override string ToString() => Kind switch
    {
        PathMatchKind.Exact => $"path {_text}",
        PathMatchKind.Template => $"template {_text}",
        _ => $"prefix {_text}",
    };
}
