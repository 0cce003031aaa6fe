namespace Fulcrum.Tests.Configuration;

public class L4RulesTests
{
    /// <summary>
    /// A tcp listener <c>pg</c> (line 2, settings appended), an http listener <c>web</c> (line 3), a tcp route
    /// <c>pg</c> (line 5), an http route <c>web</c> (line 6), <paramref name="extraRoutes"/> on line 7, a tcp
    /// cluster <c>db</c> (line 9) and an http cluster <c>api</c> (line 10).
    /// </summary>
    private static string Config(string listener = "", string route = "", string cluster = "", string extraRoutes = "") => $$"""
        listeners:
          pg: { protocol: tcp, address: 127.0.0.1:15432{{listener}} }
          web: { protocol: http, address: 127.0.0.1:8080 }
        routes:
          pg: { listeners: [pg], cluster: db{{route}} }
          web: { cluster: api }
        {{extraRoutes}}
        clusters:
          db: { protocol: tcp, destinations: { a: { address: "127.0.0.1:5432" } }{{cluster}} }
          api: { destinations: { b: { address: "http://127.0.0.1:5001" } } }
        """;

    [Fact]
    public void Validate_TcpListenerRouteAndCluster_Passes()
    {
        var config = TestConfigs.LoadValid(Config(", idleTimeout: 5m, maxConnections: 100", "", ", tcp: { connectTimeout: 2s }, sendProxyProtocol: v2"));

        Assert.Equal("tcp", config.Listeners["pg"].Protocol);
        Assert.Equal(TimeSpan.FromMinutes(5), config.Listeners["pg"].IdleTimeout);
    }

    [Fact]
    public void Validate_PassthroughWithSniRoutes_Passes()
    {
        var text = Config(", tls: { mode: passthrough }", ", match: { sni: [a.example.com, \"*.b.example.com\"] }",
            extraRoutes: "  rest: { listeners: [pg], cluster: db }");

        TestConfigs.LoadValid(text);
    }

    [Theory]
    [InlineData(", match: { path: /x }", "routes.pg.match.path", "a tcp route cannot have path: it sees bytes, not HTTP requests")]
    [InlineData(", match: { pathPrefix: /x }", "routes.pg.match.pathPrefix", "a tcp route cannot have pathPrefix: it sees bytes, not HTTP requests")]
    [InlineData(", match: { methods: [GET] }", "routes.pg.match.methods", "a tcp route cannot have methods: it sees bytes, not HTTP requests")]
    [InlineData(", match: { headers: [{ name: X, value: y }] }", "routes.pg.match.headers", "a tcp route cannot have headers: it sees bytes, not HTTP requests")]
    [InlineData(", match: { query: [{ name: x, value: y }] }", "routes.pg.match.query", "a tcp route cannot have query: it sees bytes, not HTTP requests")]
    [InlineData(", match: { hosts: [db.example.com] }", "routes.pg.match.hosts", "a tcp route cannot have hosts (match the TLS server name with sni): it sees bytes, not HTTP requests")]
    [InlineData(", transforms: [{ pathPrefix: /x }]", "routes.pg.transforms", "a tcp route cannot have transforms: it sees bytes, not HTTP requests")]
    [InlineData(", timeout: 5s", "routes.pg.timeout", "a tcp route cannot have a timeout (a tcp listener has idleTimeout): it sees bytes, not HTTP requests")]
    [InlineData(", match: { sni: [db.example.com] }", "routes.pg.match.sni", "sni needs tcp listeners with `tls: { mode: passthrough }` (the route is chosen from the ClientHello)")]
    public void Validate_TcpRouteWithHttpSetting_ReportsThatKey(string route, string path, string message)
    {
        var error = TestConfigs.SingleError(Config(route: route), path);

        Assert.Equal(message, error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Validate_TcpRouteWithPolicies_ReportsPolicies()
    {
        var text = Config(route: ", policies: [keys]") + "\npolicies: { keys: { type: ipFilter, allow: [10.0.0.0/8] } }";

        var error = TestConfigs.SingleError(text, "routes.pg.policies");

        Assert.Equal("a tcp route cannot have policies: it sees bytes, not HTTP requests", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Validate_TcpRouteToHttpCluster_ReportsCluster()
    {
        var error = TestConfigs.SingleError(Config(extraRoutes: "  bad: { listeners: [pg], cluster: api, match: { sni: [x.test] } }", listener: ", tls: { mode: passthrough }"), "routes.bad.cluster");

        Assert.Equal("'api' is a http cluster but the route serves tcp listeners: the protocols must agree", error.Message);
        Assert.Equal(7, error.Location.Line);
    }

    [Fact]
    public void Validate_HttpRouteToTcpCluster_ReportsCluster()
    {
        var error = TestConfigs.SingleError(Config(extraRoutes: "  bad: { listeners: [web], cluster: db }"), "routes.bad.cluster");

        Assert.Equal("'db' is a tcp cluster but the route serves http listeners: the protocols must agree", error.Message);
    }

    [Fact]
    public void Validate_RouteWithoutListenersToTcpCluster_ReportsListeners()
    {
        var error = TestConfigs.SingleError(Config(extraRoutes: "  bad: { cluster: db }"), "routes.bad.listeners");

        Assert.Equal("a tcp cluster is reached through tcp listeners: name them here", error.Message);
        Assert.Equal(7, error.Location.Line);
    }

    [Fact]
    public void Validate_RouteMixingHttpAndTcpListeners_ReportsSecondListener()
    {
        var error = TestConfigs.SingleError(Config(extraRoutes: "  bad: { listeners: [web, pg], cluster: api }"), "routes.bad.listeners[1]");

        Assert.StartsWith("'pg' is a tcp listener but the route's first listener is http", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoCatchAllRoutesOnTcpListener_ReportsTheSecond()
    {
        var error = TestConfigs.SingleError(Config(extraRoutes: "  again: { listeners: [pg], cluster: db }"), "routes.again.listeners[0]");

        Assert.Equal("tcp listener 'pg' already takes every connection through route 'pg': only one route per listener may have no sni", error.Message);
        Assert.Equal(7, error.Location.Line);
    }

    [Fact]
    public void Validate_TcpListenerWithoutRoute_ReportsListener()
    {
        var text = """
            listeners:
              web: { address: 127.0.0.1:8080 }
              pg: { protocol: tcp, address: 127.0.0.1:15432 }
            routes: { r: { cluster: c } }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, "listeners.pg");

        Assert.StartsWith("no route serves this tcp listener", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Location.Line);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5432", "'http://127.0.0.1:5432' is not host:port (for example 127.0.0.1:5432); tcp and udp destinations have no scheme")]
    [InlineData("127.0.0.1", "'127.0.0.1' is not host:port (for example 127.0.0.1:5432); tcp and udp destinations have no scheme")]
    [InlineData("127.0.0.1:0", "'0' is not a port (1 to 65535)")]
    [InlineData("127.0.0.1:70000", "'70000' is not a port (1 to 65535)")]
    [InlineData("::1:5432", "'::1:5432': an IPv6 address needs brackets, such as [::1]:5432")]
    [InlineData("bad host:5432", "'bad host' is not an IP address or a host name")]
    public void Validate_TcpDestinationNotHostPort_ReportsAddress(string address, string message)
    {
        var error = TestConfigs.SingleError(Config().Replace("127.0.0.1:5432", address, StringComparison.Ordinal), "clusters.db.destinations.a.address");

        Assert.Equal(message, error.Message);
        Assert.Equal(9, error.Location.Line);
    }

    [Theory]
    [InlineData("[::1]:5432")]
    [InlineData("db.internal:5432")]
    [InlineData("localhost:1")]
    public void Validate_TcpDestinationHostPort_Passes(string address) =>
        TestConfigs.LoadValid(Config().Replace("127.0.0.1:5432", address, StringComparison.Ordinal));

    [Theory]
    [InlineData(", tls: { mode: passthru }", "listeners.pg.tls.mode", "'passthru' is not one of passthrough, terminate")]
    [InlineData(", tls: { }", "listeners.pg.tls.mode", "a tcp listener's tls needs `mode: passthrough` or `mode: terminate`")]
    [InlineData(", tls: { mode: terminate }", "listeners.pg.tls.certificates", "at least one certificate is required")]
    [InlineData(", tls: { mode: passthrough, certificates: [{ certFile: a.crt, keyFile: a.key }] }", "listeners.pg.tls.certificates", "passthrough forwards the client's TLS untouched, so it has no certificates: use mode terminate")]
    [InlineData(", tls: { mode: terminate, certificates: [{ certFile: a.crt }] }", "listeners.pg.tls.certificates[0].keyFile", "a PEM private key file is required")]
    [InlineData(", proxyProtocol: yes", "listeners.pg.proxyProtocol", "'yes' is not one of none, accept")]
    [InlineData(", idleTimeout: 0s", "listeners.pg.idleTimeout", "must be greater than zero")]
    [InlineData(", maxConnections: -1", "listeners.pg.maxConnections", "-1 is out of range (0 to 1000000)")]
    [InlineData(", sessionIdleTimeout: 10s", "listeners.pg.sessionIdleTimeout", "only udp listeners and clusters have this setting, this one is tcp")]
    [InlineData(", maxSessions: 10", "listeners.pg.maxSessions", "only udp listeners and clusters have this setting, this one is tcp")]
    public void Validate_InvalidTcpListenerSetting_ReportsKey(string listener, string path, string message)
    {
        var error = TestConfigs.SingleError(Config(listener: listener), path);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location.Line);
    }

    [Theory]
    [InlineData(", sendProxyProtocol: v3", "clusters.db.sendProxyProtocol", "'v3' is not one of v1, v2")]
    [InlineData(", tcp: { connectTimeout: 0s }", "clusters.db.tcp.connectTimeout", "must be greater than zero")]
    [InlineData(", loadBalancing: { policy: consistentHash, hashOn: header, hashKey: X }", "clusters.db.loadBalancing.hashOn", "a tcp cluster has no headers or cookies: it hashes on clientAddress")]
    [InlineData(", healthCheck: { active: { path: healthz } }", "clusters.db.healthCheck.active.path", "'healthz' must start with '/'")]
    public void Validate_InvalidTcpClusterSetting_ReportsKey(string cluster, string path, string message)
    {
        var error = TestConfigs.SingleError(Config(cluster: cluster), path);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(9, error.Location.Line);
    }

    [Theory]
    [InlineData("idleTimeout: 1s", "listeners.web.idleTimeout")]
    [InlineData("maxConnections: 1", "listeners.web.maxConnections")]
    [InlineData("tls: { mode: passthrough }", "listeners.web.tls")]
    public void Validate_TcpSettingOnHttpListener_ReportsKey(string setting, string path)
    {
        var error = TestConfigs.SingleError(Config().Replace("address: 127.0.0.1:8080 }", $"address: 127.0.0.1:8080, {setting} }}", StringComparison.Ordinal), path);

        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Validate_TcpSettingsOnHttpCluster_ReportsKey()
    {
        var error = TestConfigs.SingleError(Config().Replace("address: \"http://127.0.0.1:5001\" } }", "address: \"http://127.0.0.1:5001\" } }, sendProxyProtocol: v1", StringComparison.Ordinal), "clusters.api.sendProxyProtocol");

        Assert.Equal("only tcp listeners and clusters have this setting, this one is http", error.Message);
    }

    [Fact]
    public void Validate_TcpProbeOnHttpCluster_ReportsKey()
    {
        var error = TestConfigs.SingleError(Config().Replace("address: \"http://127.0.0.1:5001\" } }", "address: \"http://127.0.0.1:5001\" } }, healthCheck: { active: { tcp: {} } }", StringComparison.Ordinal), "clusters.api.healthCheck.active.tcp");

        Assert.StartsWith("TCP connect probes are for tcp clusters", error.Message, StringComparison.Ordinal);
    }

    private const string Udp = """
        listeners:
          dns: { protocol: udp, address: 127.0.0.1:5353 }
          dnstcp: { protocol: tcp, address: 127.0.0.1:5353 }
        routes:
          dns: { listeners: [dns], cluster: dns }
          dnstcp: { listeners: [dnstcp], cluster: dnstcp }
        clusters:
          dns: { protocol: udp, destinations: { a: { address: "127.0.0.1:53" } } }
          dnstcp: { protocol: tcp, destinations: { a: { address: "127.0.0.1:53" } } }

        """;

    [Fact]
    public void Validate_UdpAndTcpOnTheSamePort_Passes()
    {
        var config = TestConfigs.LoadValid(Udp.Replace("udp, address: 127.0.0.1:5353 }", "udp, address: 127.0.0.1:5353, sessionIdleTimeout: 10s, maxSessions: 100 }", StringComparison.Ordinal));

        Assert.Equal(TimeSpan.FromSeconds(10), config.Listeners["dns"].SessionIdleTimeout);
    }

    [Theory]
    [InlineData("dns: { protocol: udp, address: 127.0.0.1:5353 }", "dns: { protocol: udp, address: 127.0.0.1:5353, proxyProtocol: accept }", "listeners.dns.proxyProtocol", 2)]
    [InlineData("dns: { protocol: udp, address: 127.0.0.1:5353 }", "dns: { protocol: udp, address: 127.0.0.1:5353, tls: { mode: passthrough } }", "listeners.dns.tls", 2)]
    [InlineData("dns: { protocol: udp, address: 127.0.0.1:5353 }", "dns: { protocol: udp, address: 127.0.0.1:5353, maxSessions: 0 }", "listeners.dns.maxSessions", 2)]
    [InlineData("dns: { listeners: [dns], cluster: dns }", "dns: { listeners: [dns], cluster: dns, match: { sni: [a.test] } }", "routes.dns.match.sni", 5)]
    [InlineData("dns: { listeners: [dns], cluster: dns }", "dns: { listeners: [dns], cluster: dnstcp }", "routes.dns.cluster", 5)]
    [InlineData("dns: { protocol: udp, destinations: { a: { address: \"127.0.0.1:53\" } } }", "dns: { protocol: udp, destinations: { a: { address: \"127.0.0.1:53\" } }, healthCheck: { active: { tcp: {} } } }", "clusters.dns.healthCheck.active", 8)]
    [InlineData("dns: { protocol: udp, destinations: { a: { address: \"127.0.0.1:53\" } } }", "dns: { protocol: udp, destinations: { a: { address: \"127.0.0.1:53\" } }, sendProxyProtocol: v2 }", "clusters.dns.sendProxyProtocol", 8)]
    public void Validate_InvalidUdpSetting_ReportsKey(string original, string replacement, string path, int line)
    {
        var error = TestConfigs.SingleError(Udp.Replace(original, replacement, StringComparison.Ordinal), path);

        Assert.Equal(line, error.Location.Line);
    }
}
