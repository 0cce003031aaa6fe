using Fulcrum.Clusters;
using Fulcrum.Health;
using Fulcrum.Runtime;

namespace Fulcrum.Admin;

/// <summary>The JSON shape of <c>GET /api/state</c>: everything live, as of one moment.</summary>
internal static class AdminStateView
{
    public static object Build(GatewayRuntime runtime, TimeProvider time)
    {
        var config = runtime.Config;
        var now = time.GetTimestamp();
        return new
        {
            generation = runtime.Generation,
            startedAt = runtime.StartedAt,
            now = time.GetUtcNow(),
            stopping = runtime.Stopping,
            listeners = runtime.Listeners.Values.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => new
            {
                name = l.Name,
                protocol = l.Model.Config.Protocol,
                address = l.Server?.BoundEndPoint.ToString() ?? l.Model.Config.Address,
                activeConnections = l.ActiveConnections,
                routes = l.Model.L4?.Routes.Names.ToList() ?? l.Model.Routes.OrderedRoutes.Select(r => r.Name).ToList(),
            }).ToList(),
            routes = config?.Routes.Select(r => new
            {
                name = r.Key,
                cluster = r.Value.Cluster,
                listeners = r.Value.Listeners,
                order = r.Value.Order,
                match = Describe(r.Value.Match),
            }).ToList(),
            clusters = runtime.Clusters.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => Cluster(c, now)).ToList(),
            reloads = runtime.History.Recent().Select(r => new
            {
                at = r.At,
                succeeded = r.Succeeded,
                generation = r.Generation,
                reason = r.Reason,
                errors = r.Errors.Select(e => e.ToString()).ToList(),
            }).ToList(),
        };
    }

    private static object Cluster(ClusterState cluster, long now)
    {
        var available = cluster.Available.Items;
        var destinations = cluster.All.Items.Select(d => new
        {
            name = d.Name,
            address = d.Model.DisplayAddress,
            weight = d.Model.Weight,
            health = d.Health.Active switch
            {
                HealthVerdict.Healthy => "healthy",
                HealthVerdict.Unhealthy => "unhealthy",
                _ => "unknown",
            },
            ejected = d.Health.IsEjected(now),
            draining = d.Draining,
            available = Array.IndexOf(available, d) >= 0,
            inFlight = d.InFlight,
            requests = d.Requests,
            failures = d.Failures,
            latencyMs = Math.Round(d.AverageLatency.TotalMilliseconds, 3),
        }).ToList();
        return new
        {
            name = cluster.Name,
            protocol = cluster.Model.Config.Protocol,
            policy = cluster.Model.Config.LoadBalancing.Policy,
            available = available.Length,
            total = cluster.All.Count,
            requests = destinations.Sum(d => d.requests),
            failures = destinations.Sum(d => d.failures),
            destinations,
        };
    }

    private static string Describe(Configuration.RouteMatchConfig match)
    {
        var parts = new List<string>();
        if (match.Hosts.Count > 0)
        {
            parts.Add("host " + string.Join("|", match.Hosts));
        }

        if (match.Methods.Count > 0)
        {
            parts.Add(string.Join("|", match.Methods));
        }

        if (match.Path is { } path)
        {
            parts.Add("path " + path);
        }

        if (match.PathPrefix is { } prefix)
        {
            parts.Add("prefix " + prefix);
        }

        parts.AddRange(match.Headers.Select(h => "header " + h.Name));
        parts.AddRange(match.Query.Select(q => "query " + q.Name));
        if (match.Sni.Count > 0)
        {
            parts.Add("sni " + string.Join("|", match.Sni));
        }

        return parts.Count == 0 ? "everything" : string.Join(", ", parts);
    }
}
