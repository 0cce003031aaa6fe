using Fulcrum.Configuration;
using Fulcrum.Routing;

namespace Fulcrum.Benchmarks.Routing;

/// <summary>
/// A realistic 100-route table: a few exact hosts with versioned APIs, tenant wildcards, health and static exact
/// paths, path templates, routes gated on a header and a query parameter, and a long tail of service prefixes.
/// There is deliberately no catch-all, so that a request can miss every route.
/// </summary>
/// <remarks>
/// Scan order for a host that no route names exactly (80 candidates): the 10 wildcard routes, the 5 exact paths,
/// the 10 templates, the 5 conditional prefixes (<c>/featureN</c> is longer than <c>/svcNN</c>), then the 50
/// service prefixes ending with <c>svc-49</c>. An exact host adds its own 4 routes in front of those.
/// </remarks>
internal static class BenchmarkRouteTable
{
    public const int RouteCount = 100;

    public static RouteTable<string> Create()
    {
        var entries = new List<RouteTableEntry<string>>(RouteCount);

        // 20: five API hosts, each with four versioned resources; one of them restricted by method.
        for (var h = 0; h < 5; h++)
        {
            string[] hosts = [$"api{h}.example.com"];
            Add(entries, $"host-{h}-v1-orders", new RouteMatchConfig { Hosts = hosts, PathPrefix = "/v1/orders" });
            Add(entries, $"host-{h}-v1-users", new RouteMatchConfig { Hosts = hosts, PathPrefix = "/v1/users" });
            Add(entries, $"host-{h}-v2-orders", new RouteMatchConfig { Hosts = hosts, PathPrefix = "/v2/orders", Methods = ["GET", "POST"] });
            Add(entries, $"host-{h}-v2-users", new RouteMatchConfig { Hosts = hosts, PathPrefix = "/v2/users" });
        }

        // 10: one wildcard per tenant domain.
        for (var w = 0; w < 10; w++)
        {
            Add(entries, $"tenant-{w}", new RouteMatchConfig { Hosts = [$"*.tenant{w}.example.net"], PathPrefix = "/app" });
        }

        // 5: exact paths.
        foreach (var path in (string[])["/healthz", "/readyz", "/metrics", "/robots.txt", "/favicon.ico"])
        {
            Add(entries, $"exact-{path.TrimStart('/')}", new RouteMatchConfig { Path = path });
        }

        // 10: templates with a parameter and a catch-all.
        for (var j = 0; j < 10; j++)
        {
            Add(entries, $"template-{j}", new RouteMatchConfig { Path = $"/catalog{j}/{{id}}/{{**rest}}" });
        }

        // 5: prefixes gated on a header value and the presence of a query parameter.
        for (var j = 0; j < 5; j++)
        {
            Add(entries, $"feature-{j}", new RouteMatchConfig
            {
                PathPrefix = $"/feature{j}",
                Headers = [new HeaderMatchConfig { Name = "X-Tier", Value = "premium" }],
                Query = [new QueryMatchConfig { Name = "beta", Present = true }],
            });
        }

        // 50: the long tail of plain service prefixes.
        for (var i = 0; i < 50; i++)
        {
            Add(entries, $"svc-{i:00}", new RouteMatchConfig { PathPrefix = $"/svc{i:00}" });
        }

        if (entries.Count != RouteCount)
        {
            throw new InvalidOperationException($"expected {RouteCount} routes, built {entries.Count}");
        }

        return new RouteTable<string>(entries);
    }

    /// <summary>
    /// How many candidates <see cref="RouteTable{TRoute}.Find"/> tries before <paramref name="request"/> matches
    /// (0 = the first), or the candidate count when nothing matches. Mirrors the table's host bucketing, so that a
    /// benchmark can prove it measures the scan depth its name claims.
    /// </summary>
    public static (int Position, int Candidates) ScanPosition(RouteTable<string> table, Microsoft.AspNetCore.Http.HttpRequest request)
    {
        var host = HostMatcher.GetRequestHost(request).ToString();
        var candidates = table.OrderedEntries
            .Where(e => e.Matcher.Host is not { } h || h.HasWildcards
                || h.ExactHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            .ToArray();
        var position = Array.FindIndex(candidates, e => e.Matcher.IsMatch(request));
        return (position < 0 ? candidates.Length : position, candidates.Length);
    }

    private static void Add(List<RouteTableEntry<string>> entries, string name, RouteMatchConfig match) =>
        entries.Add(new RouteTableEntry<string>(name, null, RouteMatcher.Compile(match), name));
}
