using System.Net;
using Fulcrum.Admin;
using Fulcrum.Clusters;
using Fulcrum.Configuration;
using Fulcrum.Gateway;
using Fulcrum.Health;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.L4.Tcp;
using Fulcrum.L4.Udp;
using Fulcrum.Listeners;
using Fulcrum.LoadBalancing;
using Fulcrum.Observability;
using Fulcrum.Pipeline;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Runtime;

/// <summary>
/// Owns everything live: listener servers, the admin server, cluster and destination states, health checkers,
/// the access log. Applies a config by compiling it first (nothing live changes if that fails), binding new
/// listeners (rolled back if a bind fails), then swapping models atomically and draining listeners that went
/// away. One apply at a time.
/// </summary>
internal sealed class GatewayRuntime : IAsyncDisposable
{
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly ModelCompiler _compiler;
    private readonly ProxyHandler _handler;
    private readonly ProxyHeaderAcceptor _proxyHeaders;
    private readonly TcpProxy _tcp;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly GatewayRuntimeOptions _options;
    private readonly Dictionary<string, ActiveHealthChecker> _checkers = new(StringComparer.Ordinal);
    private readonly PolicyCache _policies = new();
    private Dictionary<string, ClusterState> _clusters = new(StringComparer.Ordinal);
    private Dictionary<string, ListenerState> _listeners = new(StringComparer.Ordinal);
    private KestrelHost? _adminServer;
    private long _generation;
    private volatile bool _stopping;

    public GatewayRuntime(
        IHttpForwarder forwarder, GatewayMetrics metrics, ILoggerFactory loggerFactory, TimeProvider time, GatewayRuntimeOptions options)
    {
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<GatewayRuntime>();
        _time = time;
        _options = options;
        Metrics = metrics;
        _compiler = new ModelCompiler(time, SharedRandomSource.Instance);
        _handler = new ProxyHandler(forwarder, time, SharedRandomSource.Instance, metrics, loggerFactory.CreateLogger<ProxyHandler>());
        _proxyHeaders = new ProxyHeaderAcceptor(time, loggerFactory.CreateLogger<ProxyHeaderAcceptor>());
        _tcp = new TcpProxy(time, SharedRandomSource.Instance, _proxyHeaders, loggerFactory.CreateLogger<TcpProxy>());
        metrics.Observe(this);
    }

    /// <summary>How many configs have been applied; 0 before the first.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public GatewayConfig? Config { get; private set; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public GatewayMetrics Metrics { get; }

    public ReloadHistory History { get; } = new();

    /// <summary>Serves the admin listener when the config has an <c>admin</c> section; set before the first apply.</summary>
    public AdminApi? Admin { get; set; }

    /// <summary>The admin server's bound address, when one runs.</summary>
    public IPEndPoint? AdminEndPoint => _adminServer?.BoundEndPoint;

    /// <summary>True once shutdown began: readiness fails so load balancers in front stop sending.</summary>
    public bool Stopping => _stopping;

    public IReadOnlyDictionary<string, ListenerState> Listeners => _listeners;

    public IReadOnlyDictionary<string, ClusterState> Clusters => _clusters;

    /// <summary>Applies a validated config. On failure (a listener cannot bind) the previous config stays whole.</summary>
    public async Task ApplyAsync(GatewayConfig config, string source, CancellationToken cancellationToken)
    {
        await _applyLock.WaitAsync(cancellationToken);
        try
        {
            var storesBefore = CertificateStoresOf(_listeners.Values.Select(l => l.Model));
            var compiled = _compiler.Compile(config, _clusters, _policies, PolicyContextFor(config, source), _listeners);
            var storesAfter = CertificateStoresOf(compiled.Listeners);
            Dictionary<string, ListenerState> next;
            List<(ListenerState, IListenerServer)> retired;
            (KestrelHost? Admin, KestrelHost? Retired) admin;
            try
            {
                (next, var started, retired) = await BindListenersAsync(compiled, cancellationToken);
                try
                {
                    admin = await BindAdminAsync(config.Admin, cancellationToken);
                }
                catch
                {
                    await CloseAsync(started);
                    throw;
                }
            }
            catch
            {
                await _policies.AbandonAsync(compiled.Policies);
                DisposeAll(storesAfter.Except(storesBefore));
                throw;
            }

            // Point of no return: from here on nothing can fail, so the swap is all or nothing.
            var clusters = new Dictionary<string, ClusterState>(StringComparer.Ordinal);
            foreach (var plan in compiled.Clusters)
            {
                var destinations = new Dictionary<string, DestinationState>(StringComparer.Ordinal);
                foreach (var destination in plan.Destinations)
                {
                    destination.State.Model = destination.Model;
                    destinations[destination.State.Name] = destination.State;
                }

                if (plan.Model.ActiveHealth is null)
                {
                    foreach (var destination in destinations.Values)
                    {
                        destination.Health.ResetActive();
                    }
                }

                plan.State.Apply(plan.Model, destinations);
                clusters[plan.State.Name] = plan.State;
            }

            foreach (var model in compiled.Listeners)
            {
                next[model.Name].Model = model;
            }

            var removedClusters = _clusters.Keys.Where(name => !clusters.ContainsKey(name)).ToList();
            CloseRemovedHttp1Pools(_clusters, clusters);
            _clusters = clusters;
            _listeners = next;
            _adminServer = admin.Admin;
            Config = config;
            var generation = Interlocked.Increment(ref _generation);
            await UpdateHealthCheckersAsync(removedClusters);
            await _policies.CommitAsync(compiled.Policies);
            await UpdateAccessLogAsync(config.Observability.AccessLog);
            foreach (var store in storesAfter)
            {
                store.Watch();
            }

            DisposeAll(storesBefore.Except(storesAfter));
            GatewayLog.ConfigApplied(_logger, generation, source, next.Count, config.Routes.Count, clusters.Count);

            foreach (var (state, server) in retired)
            {
                _ = DrainAsync(state.Name, server);
            }

            if (admin.Retired is { } oldAdmin)
            {
                _ = DrainAsync("admin", oldAdmin);
            }
        }
        finally
        {
            _applyLock.Release();
        }
    }

    /// <summary>Destinations that left the config (alone or with their cluster) close their lean-path idle connections.</summary>
    private static void CloseRemovedHttp1Pools(Dictionary<string, ClusterState> before, Dictionary<string, ClusterState> after)
    {
        foreach (var (name, cluster) in before)
        {
            after.TryGetValue(name, out var kept);
            foreach (var destination in cluster.All.Items)
            {
                if (kept is null || !kept.Destinations.TryGetValue(destination.Name, out var same) || !ReferenceEquals(same, destination))
                {
                    destination.CloseHttp1Pool();
                }
            }
        }
    }

    private static HashSet<CertificateStore> CertificateStoresOf(IEnumerable<ListenerModel> models) =>
        [.. models.Select(m => m.Tls?.Certificates).OfType<CertificateStore>()];

    private static void DisposeAll(IEnumerable<CertificateStore> stores)
    {
        foreach (var store in stores)
        {
            store.Dispose();
        }
    }

    private PolicyContext PolicyContextFor(GatewayConfig config, string source) => new()
    {
        Time = _time,
        LoggerFactory = _loggerFactory,
        BaseDirectory = File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source))! : Directory.GetCurrentDirectory(),
        Root = config,
    };

    private async Task<(Dictionary<string, ListenerState> Next, List<ListenerState> Started, List<(ListenerState, IListenerServer)> Retired)>
        BindListenersAsync(CompiledGateway compiled, CancellationToken cancellationToken)
    {
        var next = new Dictionary<string, ListenerState>(StringComparer.Ordinal);
        var started = new List<ListenerState>();
        var retired = new List<(ListenerState, IListenerServer)>();
        var keepBinding = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in compiled.Listeners)
        {
            if (_listeners.TryGetValue(model.Name, out var current) && current.Model.BindingKey == model.BindingKey && current.Server is not null)
            {
                next[model.Name] = current;
                keepBinding.Add(model.Name);
            }
        }

        // Listeners whose address changed or that went away release their port before new ones bind, so a
        // listener may move to a port another one just left.
        foreach (var (name, state) in _listeners)
        {
            if (!keepBinding.Contains(name) && state.Server is { } server)
            {
                retired.Add((state, server));
            }
        }

        try
        {
            foreach (var model in compiled.Listeners)
            {
                if (keepBinding.Contains(model.Name))
                {
                    continue;
                }

                var state = new ListenerState(model);
                var samePort = retired.FindIndex(r => r.Item2.BoundEndPoint.Port == model.EndPoint.Port && model.EndPoint.Port != 0);
                if (samePort >= 0)
                {
                    await retired[samePort].Item2.StopAsync(cancellationToken);
                }

                state.Server = await StartServerAsync(state, cancellationToken);
                GatewayLog.ListenerStarted(_logger, model.Name, state.Server.BoundEndPoint.ToString());
                started.Add(state);
                next[model.Name] = state;
            }
        }
        catch
        {
            await CloseAsync(started);
            throw;
        }

        return (next, started, retired);
    }

    private async Task<IListenerServer> StartServerAsync(ListenerState state, CancellationToken cancellationToken) => state.Model.Config.Protocol switch
    {
        "tcp" => await TcpListenerServer.StartAsync(state, _tcp, _loggerFactory, _options.DrainTimeout, cancellationToken),
        "udp" => UdpListenerServer.Start(state, _time, _loggerFactory.CreateLogger<UdpListenerServer>()),
        _ => await HttpListenerServer.StartAsync(state, _handler, _proxyHeaders, _loggerFactory, _options.DrainTimeout, cancellationToken),
    };

    /// <summary>Starts the admin server when its address changed; returns the server to keep and the one to retire.</summary>
    private async Task<(KestrelHost? Admin, KestrelHost? Retired)> BindAdminAsync(AdminConfig? config, CancellationToken cancellationToken)
    {
        if (Admin is null || config is null)
        {
            return (null, _adminServer);
        }

        ListenAddress.TryParse(config.Address, out var endPoint, out _);
        if (_adminServer is { } current && Config?.Admin?.Address == config.Address)
        {
            return (current, null);
        }

        if (_adminServer is { } moving && moving.BoundEndPoint.Port == endPoint.Port && endPoint.Port != 0)
        {
            await moving.StopAsync(cancellationToken);
        }

        var server = await Admin.StartAsync(endPoint, _loggerFactory, cancellationToken);
        GatewayLog.ListenerStarted(_logger, "admin", server.BoundEndPoint.ToString());
        return (server, _adminServer);
    }

    private static async Task CloseAsync(List<ListenerState> started)
    {
        foreach (var state in started)
        {
            await state.Server!.StopAsync(CancellationToken.None);
            await state.Server.DisposeAsync();
        }
    }

    private async Task DrainAsync(string name, IListenerServer server)
    {
        try
        {
            await server.StopAsync(CancellationToken.None);
            await server.DisposeAsync();
            GatewayLog.ListenerStopped(_logger, name, server.BoundEndPoint.ToString());
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task UpdateHealthCheckersAsync(List<string> removedClusters)
    {
        foreach (var name in removedClusters)
        {
            if (_checkers.Remove(name, out var checker))
            {
                await checker.DisposeAsync();
            }
        }

        foreach (var (name, state) in _clusters)
        {
            var wanted = state.Model.ActiveHealth is not null;
            if (wanted && !_checkers.ContainsKey(name))
            {
                _checkers[name] = new ActiveHealthChecker(state, _time, _logger);
            }
            else if (!wanted && _checkers.Remove(name, out var checker))
            {
                await checker.DisposeAsync();
            }
        }
    }

    private async Task UpdateAccessLogAsync(AccessLogConfig? config)
    {
        var current = _handler.AccessLog;
        var wanted = config is { Enabled: true } ? config : null;
        if (current?.Config == wanted)
        {
            return;
        }

        _handler.AccessLog = wanted is null ? null : new AccessLogWriter(wanted);
        if (current is not null)
        {
            await current.DisposeAsync();
        }
    }

    /// <summary>
    /// Graceful stop: readiness fails first, then every listener stops accepting and drains its in-flight
    /// requests; the admin server goes last so the drain stays observable.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await _applyLock.WaitAsync(cancellationToken);
        try
        {
            await Task.WhenAll(_listeners.Values.Where(l => l.Server is not null).Select(l => DrainAsync(l.Name, l.Server!)));
            foreach (var listener in _listeners.Values)
            {
                listener.Server = null;
            }

            DisposeAll(CertificateStoresOf(_listeners.Values.Select(l => l.Model)));

            foreach (var checker in _checkers.Values)
            {
                await checker.DisposeAsync();
            }

            _checkers.Clear();
            if (_adminServer is { } admin)
            {
                _adminServer = null;
                await DrainAsync("admin", admin);
            }

            if (_handler.AccessLog is { } accessLog)
            {
                _handler.AccessLog = null;
                await accessLog.DisposeAsync();
            }

            await _policies.DisposeAllAsync();
            await _tcp.DisposeAsync();
            CloseRemovedHttp1Pools(_clusters, []);
        }
        finally
        {
            _applyLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _applyLock.Dispose();
    }
}
