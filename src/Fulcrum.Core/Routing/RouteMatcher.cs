using Fulcrum.Configuration;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>
/// A route's match conditions compiled once at load time: every condition given must hold; none given matches
/// every request. Immutable and thread-safe; <see cref="IsMatch(HttpRequest)"/> allocates nothing.
/// </summary>
/// <remarks>
/// Claim conditions (<see cref="Claims"/>) need the route's token validator, which this matcher does not know: the
/// <see cref="RouteTable{TRoute}"/> binds them to it and checks them after every other condition held, so
/// <see cref="IsMatch(HttpRequest)"/> alone leaves them out.
/// </remarks>
internal sealed class RouteMatcher
{
    private readonly HostMatcher? _host;
    private readonly MethodMatcher? _methods;
    private readonly PathMatcher? _path;
    private readonly HeaderMatcher[] _headers;
    private readonly QueryMatcher[] _query;

    private RouteMatcher(
        HostMatcher? host, MethodMatcher? methods, PathMatcher? path, HeaderMatcher[] headers, QueryMatcher[] query, ClaimsMatcher? claims)
    {
        _host = host;
        _methods = methods;
        _path = path;
        _headers = headers;
        _query = query;
        Claims = claims;
        Specificity = new RouteSpecificity(host, path, (methods is null ? 0 : 1) + headers.Length + query.Length + (claims?.Count ?? 0));
    }

    public HostMatcher? Host => _host;

    public MethodMatcher? Methods => _methods;

    public PathMatcher? Path => _path;

    public IReadOnlyList<HeaderMatcher> Headers => _headers;

    public IReadOnlyList<QueryMatcher> Query => _query;

    /// <summary>The route's claim conditions, or null; checked by the route table (see the remarks).</summary>
    public ClaimsMatcher? Claims { get; }

    /// <summary>Used to order routes that have no explicit order; greater is more specific.</summary>
    public RouteSpecificity Specificity { get; }

    /// <summary>Compiles a validated configuration; throws <see cref="ArgumentException"/> on anything invalid.</summary>
    public static RouteMatcher Compile(RouteMatchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Path is not null && config.PathPrefix is not null)
        {
            throw new ArgumentException("give either path or pathPrefix, not both", nameof(config));
        }

        var path = config.Path is not null ? PathMatcher.FromPath(config.Path, config.IgnoreCase)
            : config.PathPrefix is not null ? PathMatcher.FromPrefix(config.PathPrefix, config.IgnoreCase)
            : null;

        var headers = new HeaderMatcher[config.Headers.Count];
        for (var i = 0; i < headers.Length; i++)
        {
            headers[i] = HeaderMatcher.Compile(config.Headers[i] ?? throw new ArgumentException($"headers[{i}] is null", nameof(config)));
        }

        var query = new QueryMatcher[config.Query.Count];
        for (var i = 0; i < query.Length; i++)
        {
            query[i] = QueryMatcher.Compile(config.Query[i] ?? throw new ArgumentException($"query[{i}] is null", nameof(config)));
        }

        return new RouteMatcher(
            config.Hosts.Count == 0 ? null : HostMatcher.Create(config.Hosts),
            config.Methods.Count == 0 ? null : MethodMatcher.Create(config.Methods),
            path,
            headers,
            query,
            ClaimsMatcher.Compile(config.Claims));
    }

    public bool IsMatch(HttpRequest request) => IsMatch(request, HostMatcher.GetRequestHost(request));

    /// <summary>Lets a caller that already extracted the host (the route table) avoid doing it once per route.</summary>
    /// <param name="host">The result of <see cref="HostMatcher.GetRequestHost"/> for <paramref name="request"/>.</param>
    public bool IsMatch(HttpRequest request, ReadOnlySpan<char> host)
    {
        // Cheapest and most selective first: host and method are a few compares, headers and query cost more.
        if (_host is not null && !_host.IsMatch(host))
        {
            return false;
        }

        if (_methods is not null && !_methods.IsMatch(request.Method))
        {
            return false;
        }

        if (_path is not null && !_path.IsMatch(request.Path.Value))
        {
            return false;
        }

        if (_headers.Length > 0)
        {
            var requestHeaders = request.Headers;
            foreach (var header in _headers)
            {
                if (!header.IsMatch(requestHeaders))
                {
                    return false;
                }
            }
        }

        if (_query.Length > 0)
        {
            var queryString = request.QueryString.Value;
            foreach (var query in _query)
            {
                if (!query.IsMatch(queryString))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (_host is not null)
        {
            parts.Add($"host {_host}");
        }

        if (_methods is not null)
        {
            parts.Add($"methods {_methods}");
        }

        if (_path is not null)
        {
            parts.Add(_path.ToString());
        }

        foreach (var header in _headers)
        {
            parts.Add(header.ToString());
        }

        foreach (var query in _query)
        {
            parts.Add(query.ToString());
        }

        if (Claims is not null)
        {
            parts.Add(Claims.ToString());
        }

        return parts.Count == 0 ? "any request" : string.Join("; ", parts);
    }
}
