using Fulcrum.L4;
using Fulcrum.Routing;

namespace Fulcrum.Configuration.Validation;

/// <summary>
/// Rules for layer 4 (tcp and udp listeners, clusters and the routes between them), and for the settings that
/// belong to one protocol only: a tcp route matches on SNI at most, never on HTTP, and a tcp listener's routes
/// must lead to a tcp cluster.
/// </summary>
internal static class L4Rules
{
    public static readonly IReadOnlyList<string> ProxyProtocolModes = ["none", "accept"];
    public static readonly IReadOnlyList<string> TlsModes = ["passthrough", "terminate"];
    public static readonly IReadOnlyList<string> ProxyProtocolVersions = ["v1", "v2"];

    public static bool IsLayer4(string protocol) => protocol is "tcp" or "udp";

    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        foreach (var (name, listener) in config.Listeners)
        {
            ValidateListener(listener, $"listeners.{name}", errors);
        }

        foreach (var (name, cluster) in config.Clusters)
        {
            ValidateCluster(cluster, $"clusters.{name}", errors);
        }

        foreach (var (name, route) in config.Routes)
        {
            ValidateRoute(config, route, $"routes.{name}", errors);
        }

        ValidateRoutesPerListener(config, errors);
    }

    private static void ValidateListener(ListenerConfig listener, string path, ConfigErrors errors)
    {
        var protocol = listener.Protocol;
        ConfigValidator.OneOf(errors, $"{path}.proxyProtocol", listener.ProxyProtocol, ProxyProtocolModes);
        if (protocol == "udp" && listener.ProxyProtocol == "accept")
        {
            errors.Add($"{path}.proxyProtocol", "the PROXY protocol heads a connection: it is for tcp and http listeners, not udp");
        }

        OnlyFor(errors, $"{path}.idleTimeout", listener.IdleTimeout is not null, protocol, "tcp");
        OnlyFor(errors, $"{path}.maxConnections", listener.MaxConnections is not null, protocol, "tcp");
        OnlyFor(errors, $"{path}.sessionIdleTimeout", listener.SessionIdleTimeout is not null, protocol, "udp");
        OnlyFor(errors, $"{path}.maxSessions", listener.MaxSessions is not null, protocol, "udp");
        if (listener.IdleTimeout is { } idle)
        {
            ConfigValidator.Positive(errors, $"{path}.idleTimeout", idle);
        }

        if (listener.SessionIdleTimeout is { } sessionIdle)
        {
            ConfigValidator.Positive(errors, $"{path}.sessionIdleTimeout", sessionIdle);
        }

        if (listener.MaxConnections is { } maxConnections)
        {
            ConfigValidator.InRange(errors, $"{path}.maxConnections", maxConnections, 0, 1_000_000);
        }

        if (listener.MaxSessions is { } maxSessions)
        {
            ConfigValidator.InRange(errors, $"{path}.maxSessions", maxSessions, 1, 1_000_000);
        }

        if (listener.Tls is not { } tls)
        {
            return;
        }

        if (protocol == "https" && tls.Mode is not null)
        {
            errors.Add($"{path}.tls.mode", "mode is for tcp listeners: an https listener always terminates TLS");
        }

        // Certificates (https, tcp terminate) and tls on other protocols are ListenerTlsRules' to check.
        if (protocol != "tcp")
        {
            return;
        }

        if (tls.Mode is null)
        {
            errors.Add($"{path}.tls.mode", "a tcp listener's tls needs `mode: passthrough` or `mode: terminate`");
        }
        else
        {
            ConfigValidator.OneOf(errors, $"{path}.tls.mode", tls.Mode, TlsModes);
        }

        if (tls.Mode == "passthrough" && tls.Certificates.Count > 0)
        {
            errors.Add($"{path}.tls.certificates", "passthrough forwards the client's TLS untouched, so it has no certificates: use mode terminate");
        }
    }

    private static void ValidateCluster(ClusterConfig cluster, string path, ConfigErrors errors)
    {
        var protocol = cluster.Protocol;
        OnlyFor(errors, $"{path}.tcp", cluster.Tcp is not null, protocol, "tcp");
        OnlyFor(errors, $"{path}.sendProxyProtocol", cluster.SendProxyProtocol is not null, protocol, "tcp");
        if (!IsLayer4(protocol))
        {
            return;
        }

        foreach (var (name, destination) in cluster.Destinations)
        {
            if (!L4Address.TryParse(destination.Address, out _, out _, out var error))
            {
                errors.Add($"{path}.destinations.{name}.address", error!);
            }
        }

        if (cluster.Tcp is { } tcp)
        {
            ConfigValidator.Positive(errors, $"{path}.tcp.connectTimeout", tcp.ConnectTimeout);
        }

        if (cluster.SendProxyProtocol is { } version)
        {
            ConfigValidator.OneOf(errors, $"{path}.sendProxyProtocol", version, ProxyProtocolVersions);
        }

        if (cluster.LoadBalancing.Policy == "consistentHash" && cluster.LoadBalancing.HashOn != "clientAddress")
        {
            errors.Add($"{path}.loadBalancing.hashOn", $"a {protocol} cluster has no headers or cookies: it hashes on clientAddress");
        }

        if (protocol == "udp")
        {
            if (cluster.HealthCheck.Active is not null)
            {
                errors.Add($"{path}.healthCheck.active", "udp has no connection to probe: active health checks are for http and tcp clusters");
            }

            if (cluster.HealthCheck.Passive is not null)
            {
                errors.Add($"{path}.healthCheck.passive", "udp has no failed connections to observe: passive health is for http and tcp clusters");
            }
        }
    }

    private static void ValidateRoute(GatewayConfig config, RouteConfig route, string path, ConfigErrors errors)
    {
        config.Clusters.TryGetValue(route.Cluster, out var cluster);
        string? listenerProtocol = null;
        for (var i = 0; i < route.Listeners.Count; i++)
        {
            if (!config.Listeners.TryGetValue(route.Listeners[i], out var listener))
            {
                continue;
            }

            if (listenerProtocol is null)
            {
                listenerProtocol = Family(listener.Protocol);
            }
            else if (listenerProtocol != Family(listener.Protocol))
            {
                errors.Add($"{path}.listeners[{i}]", $"'{route.Listeners[i]}' is a {listener.Protocol} listener but the route's first listener is {listenerProtocol}: a route serves one protocol");
            }
        }

        if (route.Listeners.Count == 0 && cluster is not null && IsLayer4(cluster.Protocol))
        {
            errors.Add($"{path}.listeners", $"a {cluster.Protocol} cluster is reached through {cluster.Protocol} listeners: name them here");
            return;
        }

        listenerProtocol ??= "http";
        if (cluster is not null && ClusterRules.Protocols.Contains(cluster.Protocol) && ListenerRules.Protocols.Contains(listenerProtocol)
            && Family(cluster.Protocol) != listenerProtocol)
        {
            errors.Add($"{path}.cluster", $"'{route.Cluster}' is a {cluster.Protocol} cluster but the route serves {listenerProtocol} listeners: the protocols must agree");
        }

        if (!IsLayer4(listenerProtocol))
        {
            if (route.Match.Sni.Count > 0)
            {
                errors.Add($"{path}.match.sni", "sni matches tcp listeners with tls passthrough; http routes match on hosts");
            }

            return;
        }

        var match = route.Match;
        NotOnLayer4(errors, $"{path}.match.hosts", match.Hosts.Count > 0, listenerProtocol, "hosts (match the TLS server name with sni)");
        NotOnLayer4(errors, $"{path}.match.path", match.Path is not null, listenerProtocol, "path");
        NotOnLayer4(errors, $"{path}.match.pathPrefix", match.PathPrefix is not null, listenerProtocol, "pathPrefix");
        NotOnLayer4(errors, $"{path}.match.methods", match.Methods.Count > 0, listenerProtocol, "methods");
        NotOnLayer4(errors, $"{path}.match.headers", match.Headers.Count > 0, listenerProtocol, "headers");
        NotOnLayer4(errors, $"{path}.match.query", match.Query.Count > 0, listenerProtocol, "query");
        NotOnLayer4(errors, $"{path}.match.claims", match.Claims.Count > 0, listenerProtocol, "claims");
        NotOnLayer4(errors, $"{path}.policies", route.Policies.Count > 0, listenerProtocol, "policies");
        NotOnLayer4(errors, $"{path}.transforms", route.Transforms.Count > 0, listenerProtocol, "transforms");
        NotOnLayer4(errors, $"{path}.timeout", route.Timeout is not null, listenerProtocol, "a timeout (a tcp listener has idleTimeout)");

        if (match.Sni.Count == 0)
        {
            return;
        }

        var passthrough = route.Listeners.All(l => !config.Listeners.TryGetValue(l, out var listener) || listener.Tls?.Mode == "passthrough");
        if (listenerProtocol != "tcp" || !passthrough)
        {
            errors.Add($"{path}.match.sni", "sni needs tcp listeners with `tls: { mode: passthrough }` (the route is chosen from the ClientHello)");
            return;
        }

        try
        {
            HostMatcher.Create(match.Sni);
        }
        catch (ArgumentException e)
        {
            errors.Add($"{path}.match.sni", e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    /// <summary>Every tcp and udp listener needs a route, and at most one that takes every connection (no sni).</summary>
    private static void ValidateRoutesPerListener(GatewayConfig config, ConfigErrors errors)
    {
        foreach (var (name, listener) in config.Listeners)
        {
            if (!IsLayer4(listener.Protocol))
            {
                continue;
            }

            string? catchAll = null;
            var served = false;
            foreach (var (routeName, route) in config.Routes)
            {
                var index = IndexOf(route.Listeners, name);
                if (index < 0 || (config.Listeners.TryGetValue(route.Listeners[0], out var first) && first.Protocol != listener.Protocol))
                {
                    // Not this listener's route, or one that mixes protocols (reported already).
                    continue;
                }

                served = true;
                if (route.Match.Sni.Count > 0)
                {
                    continue;
                }

                if (catchAll is null)
                {
                    catchAll = routeName;
                }
                else
                {
                    errors.Add($"routes.{routeName}.listeners[{index}]", $"{listener.Protocol} listener '{name}' already takes every connection through route '{catchAll}': only one route per listener may have no sni");
                }
            }

            if (!served)
            {
                errors.Add($"listeners.{name}", $"no route serves this {listener.Protocol} listener: add one, such as `{{ listeners: [{name}], cluster: ... }}`");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> items, string value)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>https listeners serve http routes and clusters.</summary>
    private static string Family(string protocol) => protocol == "https" ? "http" : protocol;

    private static void OnlyFor(ConfigErrors errors, string path, bool given, string protocol, string owner)
    {
        if (given && protocol != owner)
        {
            errors.Add(path, $"only {owner} listeners and clusters have this setting, this one is {protocol}");
        }
    }

    private static void NotOnLayer4(ConfigErrors errors, string path, bool given, string protocol, string what)
    {
        if (given)
        {
            errors.Add(path, $"a {protocol} route cannot have {what}: it sees bytes, not HTTP requests");
        }
    }
}
