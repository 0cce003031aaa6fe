using System.Net;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Clusters;
using Fulcrum.Configuration;
using Fulcrum.Gateway;
using Fulcrum.Configuration.Validation;
using Fulcrum.Health;
using Fulcrum.L4;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.Listeners;
using Fulcrum.LoadBalancing;
using Fulcrum.Pipeline;
using Fulcrum.Pipeline.Transforms;
using Fulcrum.Resilience;
using Fulcrum.Routing;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Runtime;

/// <summary>
/// Turns a validated config into models, resolving every name to an instance once, so no request ever looks a
/// name up. Existing cluster and destination states are reused by name; nothing live is touched here.
/// </summary>
internal sealed class ModelCompiler
{
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;

    public ModelCompiler(TimeProvider time, IRandomSource random)
    {
        _time = time;
        _random = random;
    }

    public CompiledGateway Compile(
        GatewayConfig config,
        IReadOnlyDictionary<string, ClusterState> existing,
        PolicyCache policyCache,
        PolicyContext policyContext,
        IReadOnlyDictionary<string, ListenerState>? existingListeners = null)
    {
        // First, because it reads files and can fail: nothing else has been built yet to undo.
        var tls = CompileListenerTls(config, existingListeners, policyContext);
        var policies = policyCache.Compile(config, policyContext);
        var clusters = new Dictionary<string, ClusterPlan>(StringComparer.Ordinal);
        foreach (var (name, clusterConfig) in config.Clusters)
        {
            existing.TryGetValue(name, out var state);
            clusters[name] = CompileCluster(name, clusterConfig, state, policyContext);
        }

        var routes = new List<(string Name, RouteConfig Config, RouteModel Model)>();
        foreach (var (name, routeConfig) in config.Routes)
        {
            var plan = clusters[routeConfig.Cluster];
            var routePolicies = routeConfig.Policies.Select(p => policies[p].Policy).ToArray();
            routes.Add((name, routeConfig, CompileRoute(name, routeConfig, plan, routePolicies)));
        }

        var listeners = new List<ListenerModel>();
        foreach (var (name, listenerConfig) in config.Listeners)
        {
            var layer4 = L4Rules.IsLayer4(listenerConfig.Protocol);
            var entries = new List<RouteTableEntry<RouteModel>>();
            foreach (var (routeName, routeConfig, model) in routes)
            {
                if (!layer4 && (routeConfig.Listeners.Count == 0 || routeConfig.Listeners.Contains(name)))
                {
                    entries.Add(new RouteTableEntry<RouteModel>(routeName, routeConfig.Order, RouteMatcher.Compile(routeConfig.Match), model));
                }
            }

            ListenAddress.TryParse(listenerConfig.Address, out var endPoint, out _);
            listeners.Add(new ListenerModel
            {
                Name = name,
                Config = listenerConfig,
                EndPoint = endPoint,
                Routes = new RouteTable<RouteModel>(entries),
                TrustedProxies = TrustedProxies.Parse(listenerConfig.TrustedProxies),
                Tls = tls.GetValueOrDefault(name),
                AcceptProxyProtocol = listenerConfig.ProxyProtocol == "accept",
                L4 = layer4 ? CompileL4(name, listenerConfig, routes) : null,
            });
        }

        return new CompiledGateway(config, [.. clusters.Values], listeners, policies);
    }

    /// <summary>
    /// The tls of each https listener. A listener whose certificate files are the same as before keeps its
    /// <see cref="CertificateStore"/> (and its watch); others get a new store, loaded now. Throws when a file does
    /// not load, after closing the stores it created.
    /// </summary>
    private Dictionary<string, ListenerTls> CompileListenerTls(
        GatewayConfig config, IReadOnlyDictionary<string, ListenerState>? existing, PolicyContext context)
    {
        var compiled = new Dictionary<string, ListenerTls>(StringComparer.Ordinal);
        var created = new List<CertificateStore>();
        try
        {
            foreach (var (name, listener) in config.Listeners)
            {
                // https listeners, and tcp listeners that terminate TLS (same certificates, no ALPN).
                var terminates = listener.Protocol == "https" || (listener.Protocol == "tcp" && listener.Tls?.Mode == "terminate");
                if (!terminates || listener.Tls is not { } tlsConfig)
                {
                    continue;
                }

                var files = CertificateStore.Resolve(tlsConfig.Certificates, context.BaseDirectory);
                CertificateStore? store = null;
                if (existing?.GetValueOrDefault(name)?.Model.Tls is { } previous && previous.Certificates.Files.SequenceEqual(files))
                {
                    store = previous.Certificates;
                }
                else
                {
                    var logger = context.LoggerFactory.CreateLogger<CertificateStore>();
                    store = CertificateStore.TryCreate(name, files, _time, logger, out var errors)
                        ?? throw new InvalidOperationException($"listener {name}: {string.Join("; ", errors)}");
                    created.Add(store);
                }

                X509Certificate2Collection? clientCas = null;
                if (tlsConfig.ClientCertificate is { } clientCertificate)
                {
                    clientCas = CaBundle.TryLoad(Path.GetFullPath(Path.Combine(context.BaseDirectory, clientCertificate.CaFile)), out var error)
                        ?? throw new InvalidOperationException($"listener {name}: {error}");
                }

                compiled[name] = new ListenerTls(tlsConfig, store, clientCas);
            }
        }
        catch
        {
            foreach (var store in created)
            {
                store.Dispose();
            }

            throw;
        }

        return compiled;
    }

    private static L4ListenerModel CompileL4(
        string name, ListenerConfig config, List<(string Name, RouteConfig Config, RouteModel Model)> routes)
    {
        var bySni = new List<(HostMatcher, RouteModel)>();
        RouteModel? fallback = null;
        foreach (var (_, routeConfig, model) in routes)
        {
            if (!routeConfig.Listeners.Contains(name))
            {
                continue;
            }

            if (routeConfig.Match.Sni.Count > 0)
            {
                bySni.Add((HostMatcher.Create(routeConfig.Match.Sni), model));
            }
            else
            {
                fallback = model;
            }
        }

        var tls = config.Tls?.Mode switch
        {
            "passthrough" => TlsMode.Passthrough,
            "terminate" => TlsMode.Terminate,
            _ => TlsMode.None,
        };
        return new L4ListenerModel
        {
            Routes = new L4RouteTable(bySni, fallback),
            Tls = tls,
            IdleTimeout = config.IdleTimeout ?? L4ListenerModel.DefaultIdleTimeout,
            MaxConnections = config.MaxConnections ?? 0,
            SessionIdleTimeout = config.SessionIdleTimeout ?? L4ListenerModel.DefaultSessionIdleTimeout,
            MaxSessions = config.MaxSessions ?? L4ListenerModel.DefaultMaxSessions,
        };
    }

    private ClusterPlan CompileCluster(string name, ClusterConfig config, ClusterState? existing, PolicyContext context)
    {
        var previous = existing?.Model;
        var health = config.HealthCheck;
        StatusCodeSet.TryParse(config.Retries.OnStatus, out var retryStatus, out _);
        var model = new ClusterModel
        {
            Name = name,
            Config = config,
            LoadBalancer = LoadBalancingPolicyFactory.Create(config.LoadBalancing.Policy, config.LoadBalancing.HashAlgorithm, _random),
            HashKey = config.LoadBalancing.Policy == "consistentHash"
                ? HashKeySource.For(config.LoadBalancing.HashOn, config.LoadBalancing.HashKey)
                : HashKeySource.None,
            // Reusing the invoker keeps pooled upstream connections across reloads that leave `http` alone.
            Invoker = previous is not null && previous.Config.Http == config.Http ? previous.Invoker : UpstreamClientFactory.Create(name, config.Http, context.BaseDirectory, context.LoggerFactory),
            RequestConfig = RequestConfigFor(config.Http, timeout: null),
            Http1 = Pipeline.Http1.Http1Forwarder.Serves(config.Http)
                ? new Pipeline.Http1.Http1PoolSettings(config.Http.ConnectTimeout, config.Http.PooledConnectionIdleTimeout, config.Http.MaxConnectionsPerDestination)
                : null,
            Retries = config.Retries.Attempts == 0 ? RetryModel.None : new RetryModel(config.Retries.Attempts, retryStatus),
            ActiveHealth = health.Active is { } active ? CompileActive(active) : null,
            PassiveHealth = health.Passive is { } passive ? CompilePassive(passive) : null,
            NoHealthyDestinationBody = GatewayResponses.NoHealthyDestination(name),
            ConnectTimeout = config.Tcp?.ConnectTimeout ?? TimeSpan.FromSeconds(5),
            SendProxyProtocol = config.SendProxyProtocol switch
            {
                "v1" => ProxyProtocolVersion.V1,
                "v2" => ProxyProtocolVersion.V2,
                _ => ProxyProtocolVersion.None,
            },
        };

        var destinations = new List<DestinationPlan>();
        foreach (var (destinationName, destinationConfig) in config.Destinations)
        {
            var destinationModel = L4Rules.IsLayer4(config.Protocol) && L4Address.TryParse(destinationConfig.Address, out var host, out var port, out _)
                ? DestinationModel.ForLayer4(host, port, destinationConfig.Weight)
                : new DestinationModel(new Uri(destinationConfig.Address), destinationConfig.Weight) { Http1 = model.Http1 };
            DestinationState? state = null;
            existing?.Destinations.TryGetValue(destinationName, out state);
            destinations.Add(new DestinationPlan(state ?? new DestinationState(destinationName, destinationModel), destinationModel));
        }

        return new ClusterPlan(existing ?? new ClusterState(name, model, _time), existing is null, model, destinations);
    }

    private static RouteModel CompileRoute(string name, RouteConfig config, ClusterPlan cluster, IRequestPolicy[] policies)
    {
        string? removePrefix = null;
        string? addPrefix = null;
        var request = new List<HeaderTransform>();
        var response = new List<HeaderTransform>();
        foreach (var transform in config.Transforms)
        {
            removePrefix = transform.PathRemovePrefix ?? removePrefix;
            addPrefix = transform.PathPrefix ?? addPrefix;
            if (transform.RequestHeader is { } setRequest)
            {
                request.Add(new HeaderTransform(setRequest, transform.Set));
            }
            else if (transform.RequestHeaderRemove is { } removeRequest)
            {
                request.Add(new HeaderTransform(removeRequest, null));
            }
            else if (transform.ResponseHeader is { } setResponse)
            {
                response.Add(new HeaderTransform(setResponse, transform.Set));
            }
            else if (transform.ResponseHeaderRemove is { } removeResponse)
            {
                response.Add(new HeaderTransform(removeResponse, null));
            }
        }

        var path = removePrefix is null && addPrefix is null ? PathTransform.None : new PathTransform(removePrefix, addPrefix);
        return new RouteModel
        {
            Name = name,
            Cluster = cluster.State,
            ClusterModel = cluster.Model,
            Transformer = new RouteTransformer(path, config.PreserveHost, [.. request], [.. response], cluster.Model.Config.Http.Tls.ServerName),
            RequestConfig = config.Timeout is { } timeout ? RequestConfigFor(cluster.Model.Config.Http, timeout) : cluster.Model.RequestConfig,
            UpgradeRequestConfig = RequestConfigFor(cluster.Model.Config.Http, cluster.Model.Config.Http.WebSocketIdleTimeout ?? config.Timeout),
            Policies = policies,
        };
    }

    private static ForwarderRequestConfig RequestConfigFor(HttpClientConfig http, TimeSpan? timeout) => new()
    {
        ActivityTimeout = timeout ?? http.RequestTimeout,
        Version = http.Version == "2" ? HttpVersion.Version20 : HttpVersion.Version11,
        // h2c has no negotiation, so HTTP/2 to a cleartext destination must be asked for exactly.
        VersionPolicy = http.Version == "2" ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
    };

    private static ActiveHealthModel CompileActive(ActiveHealthCheckConfig config)
    {
        StatusCodeSet.TryParse(config.ExpectedStatus, out var expected, out _);
        return new ActiveHealthModel(config.Path, config.Interval, config.Timeout, config.HealthyAfter, config.UnhealthyAfter, expected, config.Tcp is not null);
    }

    private static PassiveHealthModel CompilePassive(PassiveHealthCheckConfig config)
    {
        StatusCodeSet.TryParse(config.FailureStatus, out var failures, out _);
        return new PassiveHealthModel(config.ConsecutiveFailures, config.EjectFor, failures);
    }
}
