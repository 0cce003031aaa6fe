using Fulcrum.Routing;
using Fulcrum.Runtime;

namespace Fulcrum.L4;

/// <summary>
/// The routes of one tcp or udp listener: by SNI (exact names first, then the longest wildcard suffix), else the
/// one route without sni. Immutable; shared by every connection of a snapshot.
/// </summary>
internal sealed class L4RouteTable
{
    public static readonly L4RouteTable Empty = new([], null);

    private readonly (HostMatcher Sni, RouteModel Route)[] _byExactName;
    private readonly (HostMatcher Sni, RouteModel Route)[] _byWildcard;

    public L4RouteTable(IReadOnlyList<(HostMatcher Sni, RouteModel Route)> bySni, RouteModel? fallback)
    {
        _byExactName = [.. bySni.Where(e => e.Sni.HasExactHosts)];
        _byWildcard = [.. bySni.Where(e => e.Sni.HasWildcards).OrderByDescending(e => e.Sni.LongestWildcardSuffix)];
        Fallback = fallback;
        Names = [.. bySni.Select(e => e.Route.Name).Concat(fallback is null ? [] : [fallback.Name])];
    }

    /// <summary>The route without sni, taken by connections no sni route claims (and by every one without TLS).</summary>
    public RouteModel? Fallback { get; }

    public IReadOnlyList<string> Names { get; }

    public RouteModel? Find(string? serverName)
    {
        if (serverName is null)
        {
            return Fallback;
        }

        foreach (var (sni, route) in _byExactName)
        {
            foreach (var exact in sni.ExactHosts)
            {
                if (string.Equals(exact, serverName, StringComparison.OrdinalIgnoreCase))
                {
                    return route;
                }
            }
        }

        foreach (var (sni, route) in _byWildcard)
        {
            if (sni.IsMatch(serverName))
            {
                return route;
            }
        }

        return Fallback;
    }
}
