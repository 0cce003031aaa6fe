namespace Fulcrum.Routing;

/// <summary>How a <see cref="PathMatcher"/> compares; declared from most to least specific.</summary>
internal enum PathMatchKind
{
    Exact,
    Template,
    Prefix,
}
