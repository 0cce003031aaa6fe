namespace Fulcrum.Routing;

/// <summary>
/// How narrowly a route matches, so that routes without an explicit order can be tried most specific first.
/// Compared field by field: host (exact, then wildcard with longer suffix first, then none), path (exact, then
/// template with more literal segments first, then prefix with longer text first, then none), then the number of
/// method, header and query conditions. A greater value is more specific.
/// </summary>
internal sealed class RouteSpecificity : IComparable<RouteSpecificity>
{
    // Ranks are ordered so that a larger number is more specific.
    private const int HostNone = 0;
    private const int HostWildcard = 1;
    private const int HostExact = 2;

    private const int PathNone = 0;
    private const int PathPrefix = 1;
    private const int PathTemplate = 2;
    private const int PathExact = 3;

    private readonly int _hostRank;
    private readonly int _wildcardLength;
    private readonly int _pathRank;
    private readonly PathTemplate? _template;
    private readonly int _prefixLength;

    public RouteSpecificity(HostMatcher? host, PathMatcher? path, int conditionCount)
    {
        // A route listing both exact and wildcard hosts ranks by its narrowest form; one order has to serve both.
        _hostRank = host is null ? HostNone : host.HasExactHosts ? HostExact : HostWildcard;
        _wildcardLength = _hostRank == HostWildcard ? host!.LongestWildcardSuffix : 0;
        if (path is not null)
        {
            _pathRank = path.Kind switch
            {
                PathMatchKind.Exact => PathExact,
                PathMatchKind.Template => PathTemplate,
                _ => PathPrefix,
            };
            _template = path.Template;
            _prefixLength = path.PrefixLength;
        }

        ConditionCount = conditionCount;
    }

    /// <summary>Methods (counted once however many are listed), headers and query conditions.</summary>
    public int ConditionCount { get; }

    public int CompareTo(RouteSpecificity? other)
    {
        if (other is null)
        {
            return 1;
        }

        var result = _hostRank.CompareTo(other._hostRank);
        if (result == 0)
        {
            result = _wildcardLength.CompareTo(other._wildcardLength);
        }

        if (result == 0)
        {
            result = _pathRank.CompareTo(other._pathRank);
        }

        if (result == 0 && _template is not null && other._template is not null)
        {
            result = CompareTemplates(_template, other._template);
        }

        if (result == 0)
        {
            result = _prefixLength.CompareTo(other._prefixLength);
        }

        if (result == 0)
        {
            result = ConditionCount.CompareTo(other.ConditionCount);
        }

        return result;
    }

    public override string ToString() =>
        $"host={_hostRank}/{_wildcardLength} path={_pathRank}/{_template?.Text ?? _prefixLength.ToString(System.Globalization.CultureInfo.InvariantCulture)} conditions={ConditionCount}";

    /// <summary>
    /// More literal segments first; then, at the first position where the kinds differ, literal before parameter
    /// before the end of the template before a catch-all — the precedence ASP.NET Core routing uses, so
    /// <c>/a/b/{id}</c> outranks <c>/a/{id}/c</c> and <c>/a/{id}</c> outranks <c>/a/{id}/{**rest}</c>.
    /// </summary>
    private static int CompareTemplates(PathTemplate x, PathTemplate y)
    {
        var result = x.LiteralCount.CompareTo(y.LiteralCount);
        for (var i = 0; result == 0 && i < Math.Max(x.Segments.Count, y.Segments.Count); i++)
        {
            result = SegmentRank(x, i).CompareTo(SegmentRank(y, i));
        }

        return result;
    }

    private static int SegmentRank(PathTemplate template, int index)
    {
        if (index >= template.Segments.Count)
        {
            return 1;
        }

        return template.Segments[index].Kind switch
        {
            PathTemplateSegmentKind.Literal => 3,
            PathTemplateSegmentKind.Parameter => 2,
            _ => 0,
        };
    }
}
