using System.Collections.ObjectModel;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>
/// Finds the first route, in a fixed global order, whose matcher accepts a request. Immutable: a configuration
/// change builds a new table and swaps the reference, so readers need no locks.
/// </summary>
/// <remarks>
/// Order: routes with an explicit order first (ascending), then the rest most specific first
/// (<see cref="RouteSpecificity"/>), ties broken by name (ordinal) so the order never depends on input order.
/// <para/>
/// Lookup cost is one dictionary probe plus a linear scan. Each exact host owns a candidate array that already merges,
/// in the global order, the routes naming that host with every wildcard and host-less route; any other host uses
/// the array of wildcard and host-less routes alone. The price is memory: each exact host repeats the shared routes.
/// <para/>
/// A route with claim conditions is tried like any other; only when all its other conditions hold does the table ask
/// the route's token validator (<see cref="ITokenClaimsSource"/>) for the request's claims. Routes without claims
/// pay one null test, so their lookup stays allocation-free.
/// </remarks>
internal sealed class RouteTable<TRoute>
    where TRoute : class
{
    private readonly Dictionary<string, RouteTableEntry<TRoute>[]>.AlternateLookup<ReadOnlySpan<char>> _byHost;
    private readonly RouteTableEntry<TRoute>[] _otherHosts;

    /// <param name="entries">The routes, in any order.</param>
    /// <param name="claimsSources">
    /// The token validator of each route that matches on claims; by default <see cref="RouteClaimsSources.Of"/>.
    /// </param>
    public RouteTable(IEnumerable<RouteTableEntry<TRoute>> entries, Func<TRoute, ITokenClaimsSource?>? claimsSources = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        claimsSources ??= RouteClaimsSources.Of;
        var ordered = entries.Select(e => e is null ? null! : BindClaims(e, claimsSources)).ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in ordered)
        {
            if (entry is null)
            {
                throw new ArgumentException("a route table entry is null", nameof(entries));
            }

            if (!names.Add(entry.Name))
            {
                throw new ArgumentException($"duplicate route name '{entry.Name}'", nameof(entries));
            }
        }

        Array.Sort(ordered, Compare);
        ClaimsSources = [.. ordered.Select(e => e.Claims?.Source).OfType<ITokenClaimsSource>().Distinct()];
        OrderedEntries = new ReadOnlyCollection<RouteTableEntry<TRoute>>(ordered);
        OrderedRoutes = new ReadOnlyCollection<TRoute>([.. ordered.Select(e => e.Route)]);

        // Routes that may match a host nobody named exactly: host-less ones, and any with a wildcard.
        _otherHosts = [.. ordered.Where(e => e.Matcher.Host is not { } host || host.HasWildcards)];

        var byHost = new Dictionary<string, RouteTableEntry<TRoute>[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in ordered)
        {
            if (entry.Matcher.Host is not { } entryHost)
            {
                continue;
            }

            foreach (var name in entryHost.ExactHosts)
            {
                if (!byHost.ContainsKey(name))
                {
                    byHost[name] = [.. ordered.Where(e => e.Matcher.Host is not { } host || host.HasWildcards || Names(host, name))];
                }
            }
        }

        _byHost = byHost.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Routes in the order they are tried, for diagnostics and tests.</summary>
    public IReadOnlyList<TRoute> OrderedRoutes { get; }

    /// <summary>
    /// The distinct token validators this table's claim conditions use; the proxy handler prepares each before
    /// <see cref="Find"/> (see <see cref="ITokenClaimsSource.PrepareAsync"/>). Empty without claim routes.
    /// </summary>
    public IReadOnlyList<ITokenClaimsSource> ClaimsSources { get; }

    public IReadOnlyList<RouteTableEntry<TRoute>> OrderedEntries { get; }

    /// <summary>The first matching route, or null; allocation-free.</summary>
    public TRoute? Find(HttpRequest request)
    {
        var host = HostMatcher.GetRequestHost(request);
        if (host.IsEmpty || !_byHost.TryGetValue(host, out var candidates))
        {
            candidates = _otherHosts;
        }

        foreach (var candidate in candidates)
        {
            if (candidate.Matcher.IsMatch(request, host) && (candidate.Claims is null || candidate.Claims.IsMatch(request.HttpContext)))
            {
                return candidate.Route;
            }
        }

        return null;
    }

    private static RouteTableEntry<TRoute> BindClaims(RouteTableEntry<TRoute> entry, Func<TRoute, ITokenClaimsSource?> claimsSources)
    {
        if (entry.Matcher.Claims is not { } claims)
        {
            return entry;
        }

        var source = claimsSources(entry.Route)
            ?? throw new ArgumentException($"route '{entry.Name}' matches on claims but has no jwt policy to validate the token", nameof(entry));
        return entry with { Claims = new RouteClaimsCondition(claims, source) };
    }

    private static int Compare(RouteTableEntry<TRoute> x, RouteTableEntry<TRoute> y)
    {
        if (x.Order is { } xOrder)
        {
            if (y.Order is not { } yOrder)
            {
                return -1;
            }

            var byOrder = xOrder.CompareTo(yOrder);
            if (byOrder != 0)
            {
                return byOrder;
            }
        }
        else if (y.Order is not null)
        {
            return 1;
        }

        // Descending: the more specific route sorts first.
        var bySpecificity = y.Matcher.Specificity.CompareTo(x.Matcher.Specificity);
        return bySpecificity != 0 ? bySpecificity : string.CompareOrdinal(x.Name, y.Name);
    }

    private static bool Names(HostMatcher host, string name)
    {
        foreach (var exact in host.ExactHosts)
        {
            if (string.Equals(exact, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
