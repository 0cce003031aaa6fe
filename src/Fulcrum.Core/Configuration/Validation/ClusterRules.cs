using Fulcrum.LoadBalancing;

namespace Fulcrum.Configuration.Validation;

internal static class ClusterRules
{
    public static readonly IReadOnlyList<string> Protocols = ["http", "tcp", "udp"];
    public static readonly IReadOnlyList<string> HashSources = ["clientAddress", "header", "cookie"];
    public static readonly IReadOnlyList<string> HttpVersions = ["1.1", "2"];
    public static readonly IReadOnlyList<string> HttpForwarders = ["auto", "lean", "yarp"];

    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        foreach (var (name, cluster) in config.Clusters)
        {
            var path = $"clusters.{name}";
            ConfigValidator.OneOf(errors, $"{path}.protocol", cluster.Protocol, Protocols);
            if (cluster.Destinations.Count == 0)
            {
                errors.Add($"{path}.destinations", "a cluster needs at least one destination");
            }

            foreach (var (destinationName, destination) in cluster.Destinations)
            {
                var destinationPath = $"{path}.destinations.{destinationName}";
                // A layer 4 destination is host:port, checked with the other layer 4 rules.
                if (!L4Rules.IsLayer4(cluster.Protocol) && (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                    || uri.Query.Length > 0 || uri.Fragment.Length > 0))
                {
                    errors.Add($"{destinationPath}.address", $"'{destination.Address}' is not an http:// or https:// address such as http://127.0.0.1:5001");
                }

                ConfigValidator.InRange(errors, $"{destinationPath}.weight", destination.Weight, 1, 1000);
            }

            ValidateLoadBalancing(cluster.LoadBalancing, $"{path}.loadBalancing", errors);
            ValidateHealth(cluster.HealthCheck, $"{path}.healthCheck", errors, L4Rules.IsLayer4(cluster.Protocol));
            ConfigValidator.InRange(errors, $"{path}.retries.attempts", cluster.Retries.Attempts, 0, 10);
            ConfigValidator.StatusCodes(errors, $"{path}.retries.onStatus", cluster.Retries.OnStatus);

            var http = cluster.Http;
            ConfigValidator.OneOf(errors, $"{path}.http.version", http.Version, HttpVersions);
            ConfigValidator.OneOf(errors, $"{path}.http.forwarder", http.Forwarder, HttpForwarders);
            ConfigValidator.Positive(errors, $"{path}.http.connectTimeout", http.ConnectTimeout);
            ConfigValidator.Positive(errors, $"{path}.http.requestTimeout", http.RequestTimeout);
            ConfigValidator.Positive(errors, $"{path}.http.pooledConnectionIdleTimeout", http.PooledConnectionIdleTimeout);
            ConfigValidator.InRange(errors, $"{path}.http.maxConnectionsPerDestination", http.MaxConnectionsPerDestination, 0, 100_000);
            if (http.WebSocketIdleTimeout is { } webSocketIdle)
            {
                ConfigValidator.Positive(errors, $"{path}.http.webSocketIdleTimeout", webSocketIdle);
            }

            if (http.Tls.CaFile is { } caFile)
            {
                ListenerTlsRules.CaFile(errors, $"{path}.http.tls.caFile", caFile, Gateway.Auth.AuthRules.BaseDirectory(errors));
                if (http.Tls.InsecureSkipVerify)
                {
                    errors.Add($"{path}.http.tls.insecureSkipVerify", "caFile and insecureSkipVerify contradict each other: keep one");
                }
            }
        }
    }

    private static void ValidateLoadBalancing(LoadBalancingConfig config, string path, ConfigErrors errors)
    {
        ConfigValidator.OneOf(errors, $"{path}.policy", config.Policy, LoadBalancingPolicyFactory.PolicyNames);
        if (config.Policy != "consistentHash")
        {
            return;
        }

        ConfigValidator.OneOf(errors, $"{path}.hashOn", config.HashOn, HashSources);
        ConfigValidator.OneOf(errors, $"{path}.hashAlgorithm", config.HashAlgorithm, LoadBalancingPolicyFactory.HashAlgorithms);
        if (config.HashOn is "header" or "cookie" && string.IsNullOrEmpty(config.HashKey))
        {
            errors.Add($"{path}.hashKey", $"hashOn: {config.HashOn} needs hashKey, the {config.HashOn} name");
        }
    }

    private static void ValidateHealth(HealthCheckConfig config, string path, ConfigErrors errors, bool layer4)
    {
        if (config.Active is { } active)
        {
            var activePath = $"{path}.active";
            if (active.Tcp is not null && !layer4)
            {
                errors.Add($"{activePath}.tcp", "TCP connect probes are for tcp clusters; an http cluster is probed at `path`");
            }

            if (!active.Path.StartsWith('/'))
            {
                errors.Add($"{activePath}.path", $"'{active.Path}' must start with '/'");
            }

            ConfigValidator.Positive(errors, $"{activePath}.interval", active.Interval);
            ConfigValidator.Positive(errors, $"{activePath}.timeout", active.Timeout);
            if (active.Timeout > active.Interval)
            {
                errors.Add($"{activePath}.timeout", "must not be longer than the interval");
            }

            ConfigValidator.InRange(errors, $"{activePath}.healthyAfter", active.HealthyAfter, 1, 100);
            ConfigValidator.InRange(errors, $"{activePath}.unhealthyAfter", active.UnhealthyAfter, 1, 100);
            ConfigValidator.StatusCodes(errors, $"{activePath}.expectedStatus", active.ExpectedStatus);
        }

        if (config.Passive is { } passive)
        {
            var passivePath = $"{path}.passive";
            ConfigValidator.InRange(errors, $"{passivePath}.consecutiveFailures", passive.ConsecutiveFailures, 1, 1000);
            ConfigValidator.Positive(errors, $"{passivePath}.ejectFor", passive.EjectFor);
            ConfigValidator.StatusCodes(errors, $"{passivePath}.failureStatus", passive.FailureStatus);
        }
    }
}
