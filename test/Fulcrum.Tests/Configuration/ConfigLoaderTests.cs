using Fulcrum.Configuration;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string FullConfig = """
        listeners:
          web:
            protocol: http
            address: 0.0.0.0:8080
            trustedProxies: [10.0.0.0/8, 192.168.1.1]
          internal: { address: "127.0.0.1:0" }
        routes:
          text:
            listeners: [web]
            order: 5
            match:
              hosts: [api.example.com, "*.example.org"]
              pathPrefix: /text
              methods: [GET, POST]
              headers:
                - { name: X-Tier, value: premium }
                - { name: X-Region, values: [eu, us] }
                - { name: X-Trace, regex: "^[a-f0-9]+$" }
                - { name: X-Debug, present: false }
              query:
                - { name: v, value: "2" }
                - { name: lang, values: [en, de] }
                - { name: id, regex: "^\\d+$" }
                - { name: preview, present: true }
            transforms:
              - pathRemovePrefix: /text
              - pathPrefix: /v1
              - { requestHeader: X-Gateway, set: fulcrum }
              - requestHeaderRemove: Cookie
              - { responseHeader: X-Served-By, set: fulcrum }
              - responseHeaderRemove: Server
            cluster: text-models
            preserveHost: false
            timeout: 30s
          items:
            match:
              path: /items/{id}/{**rest}
              methods: DELETE
            cluster: fallback
        clusters:
          text-models:
            protocol: http
            loadBalancing: { policy: consistentHash, hashOn: header, hashKey: X-User, hashAlgorithm: ring }
            destinations:
              t1: { address: http://127.0.0.1:5001, weight: 3 }
              t2: { address: "https://backend.internal:5002/base" }
            healthCheck:
              active:
                path: /ready
                interval: 10s
                timeout: 500ms
                healthyAfter: 4
                unhealthyAfter: 6
                expectedStatus: [200, 204]
              passive: { consecutiveFailures: 7, ejectFor: 1m30s, failureStatus: [5xx, 429] }
              panicMode: true
            retries: { attempts: 2, onStatus: [502-504] }
            http:
              version: 2
              connectTimeout: 2s
              requestTimeout: 1m
              maxConnectionsPerDestination: 64
              pooledConnectionIdleTimeout: 90s
              tls: { insecureSkipVerify: true, serverName: backend.internal }
              webSocketIdleTimeout: 5m
          fallback:
            destinations:
              only: { address: http://127.0.0.1:5003 }
            healthCheck: { active: {}, passive: {} }
        policies:
          strip: { type: headers, request: { remove: [Cookie] } }
          tag:
            type: headers
            request: { set: { X-Gateway: fulcrum } }
            response: { set: { X-Served-By: fulcrum }, remove: [Server] }
        admin:
          address: 0.0.0.0:9901
          token: secret
        """;

    [Fact]
    public void LoadText_FullConfig_BindsListeners()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        Assert.Equal(["web", "internal"], config.Listeners.Keys);
        var web = config.Listeners["web"];
        Assert.Equal("http", web.Protocol);
        Assert.Equal("0.0.0.0:8080", web.Address);
        Assert.Equal(["10.0.0.0/8", "192.168.1.1"], web.TrustedProxies);
        var internalListener = config.Listeners["internal"];
        Assert.Equal("http", internalListener.Protocol);
        Assert.Equal("127.0.0.1:0", internalListener.Address);
        Assert.Empty(internalListener.TrustedProxies);
    }

    [Fact]
    public void LoadText_FullConfig_BindsRouteMatch()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        var route = config.Routes["text"];
        Assert.Equal(["web"], route.Listeners);
        Assert.Equal(5, route.Order);
        Assert.Equal(["api.example.com", "*.example.org"], route.Match.Hosts);
        Assert.Null(route.Match.Path);
        Assert.Equal("/text", route.Match.PathPrefix);
        Assert.Equal(["GET", "POST"], route.Match.Methods);

        Assert.Equal(4, route.Match.Headers.Count);
        Assert.Equal(new HeaderMatchConfig { Name = "X-Tier", Value = "premium" }, route.Match.Headers[0]);
        Assert.Equal("X-Region", route.Match.Headers[1].Name);
        Assert.Equal(["eu", "us"], route.Match.Headers[1].Values!);
        Assert.Null(route.Match.Headers[1].Value);
        Assert.Equal(new HeaderMatchConfig { Name = "X-Trace", Regex = "^[a-f0-9]+$" }, route.Match.Headers[2]);
        Assert.Equal(new HeaderMatchConfig { Name = "X-Debug", Present = false }, route.Match.Headers[3]);

        Assert.Equal(4, route.Match.Query.Count);
        Assert.Equal(new QueryMatchConfig { Name = "v", Value = "2" }, route.Match.Query[0]);
        Assert.Equal(["en", "de"], route.Match.Query[1].Values!);
        Assert.Equal(new QueryMatchConfig { Name = "id", Regex = @"^\d+$" }, route.Match.Query[2]);
        Assert.Equal(new QueryMatchConfig { Name = "preview", Present = true }, route.Match.Query[3]);

        var items = config.Routes["items"];
        Assert.Equal("/items/{id}/{**rest}", items.Match.Path);
        Assert.Null(items.Match.PathPrefix);
        Assert.Equal(["DELETE"], items.Match.Methods);
    }

    [Fact]
    public void LoadText_FullConfig_BindsRouteTransformsAndSettings()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        var route = config.Routes["text"];
        Assert.Equal(
            [
                new TransformConfig { PathRemovePrefix = "/text" },
                new TransformConfig { PathPrefix = "/v1" },
                new TransformConfig { RequestHeader = "X-Gateway", Set = "fulcrum" },
                new TransformConfig { RequestHeaderRemove = "Cookie" },
                new TransformConfig { ResponseHeader = "X-Served-By", Set = "fulcrum" },
                new TransformConfig { ResponseHeaderRemove = "Server" },
            ],
            route.Transforms);
        Assert.Equal("text-models", route.Cluster);
        Assert.False(route.PreserveHost);
        Assert.Equal(TimeSpan.FromSeconds(30), route.Timeout);
        Assert.Empty(route.Policies);
    }

    [Fact]
    public void LoadText_FullConfig_AppliesRouteDefaults()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        var route = config.Routes["items"];
        Assert.Empty(route.Listeners);
        Assert.Null(route.Order);
        Assert.Empty(route.Match.Hosts);
        Assert.Empty(route.Match.Headers);
        Assert.Empty(route.Match.Query);
        Assert.Empty(route.Policies);
        Assert.Empty(route.Transforms);
        Assert.True(route.PreserveHost);
        Assert.Null(route.Timeout);
    }

    [Fact]
    public void LoadText_FullConfig_BindsEveryClusterSetting()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        var cluster = config.Clusters["text-models"];
        Assert.Equal("http", cluster.Protocol);
        Assert.Equal(
            new LoadBalancingConfig { Policy = "consistentHash", HashOn = "header", HashKey = "X-User", HashAlgorithm = "ring" },
            cluster.LoadBalancing);
        Assert.Equal(["t1", "t2"], cluster.Destinations.Keys);
        Assert.Equal(new DestinationConfig { Address = "http://127.0.0.1:5001", Weight = 3 }, cluster.Destinations["t1"]);
        Assert.Equal(new DestinationConfig { Address = "https://backend.internal:5002/base", Weight = 1 }, cluster.Destinations["t2"]);

        var active = cluster.HealthCheck.Active!;
        Assert.Equal("/ready", active.Path);
        Assert.Equal(TimeSpan.FromSeconds(10), active.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), active.Timeout);
        Assert.Equal(4, active.HealthyAfter);
        Assert.Equal(6, active.UnhealthyAfter);
        Assert.Equal(["200", "204"], active.ExpectedStatus);
        var passive = cluster.HealthCheck.Passive!;
        Assert.Equal(7, passive.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(90), passive.EjectFor);
        Assert.Equal(["5xx", "429"], passive.FailureStatus);
        Assert.True(cluster.HealthCheck.PanicMode);

        Assert.Equal(2, cluster.Retries.Attempts);
        Assert.Equal(["502-504"], cluster.Retries.OnStatus);

        Assert.Equal(
            new HttpClientConfig
            {
                Version = "2",
                ConnectTimeout = TimeSpan.FromSeconds(2),
                RequestTimeout = TimeSpan.FromMinutes(1),
                MaxConnectionsPerDestination = 64,
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
                WebSocketIdleTimeout = TimeSpan.FromMinutes(5),
                Tls = new UpstreamTlsConfig { InsecureSkipVerify = true, ServerName = "backend.internal" },
            },
            cluster.Http);
    }

    [Fact]
    public void LoadText_FullConfig_AppliesClusterDefaults()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        var cluster = config.Clusters["fallback"];
        Assert.Equal("http", cluster.Protocol);
        Assert.Equal(new LoadBalancingConfig(), cluster.LoadBalancing);
        Assert.Equal("roundRobin", cluster.LoadBalancing.Policy);
        Assert.Equal("clientAddress", cluster.LoadBalancing.HashOn);
        Assert.Null(cluster.LoadBalancing.HashKey);
        Assert.Equal("maglev", cluster.LoadBalancing.HashAlgorithm);
        Assert.Equal(1, cluster.Destinations["only"].Weight);

        var active = cluster.HealthCheck.Active!;
        Assert.Equal("/healthz", active.Path);
        Assert.Equal(TimeSpan.FromSeconds(5), active.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), active.Timeout);
        Assert.Equal(2, active.HealthyAfter);
        Assert.Equal(3, active.UnhealthyAfter);
        Assert.Equal(["200-399"], active.ExpectedStatus);
        var passive = cluster.HealthCheck.Passive!;
        Assert.Equal(5, passive.ConsecutiveFailures);
        Assert.Equal(TimeSpan.FromSeconds(30), passive.EjectFor);
        Assert.Equal(["502-504"], passive.FailureStatus);
        Assert.False(cluster.HealthCheck.PanicMode);

        Assert.Equal(0, cluster.Retries.Attempts);
        Assert.Empty(cluster.Retries.OnStatus);
        Assert.Equal(new HttpClientConfig(), cluster.Http);
        Assert.Equal("1.1", cluster.Http.Version);
        Assert.Equal(TimeSpan.FromSeconds(5), cluster.Http.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(100), cluster.Http.RequestTimeout);
        Assert.Equal(0, cluster.Http.MaxConnectionsPerDestination);
        Assert.Equal(TimeSpan.FromMinutes(1), cluster.Http.PooledConnectionIdleTimeout);
        Assert.Null(cluster.Http.WebSocketIdleTimeout);
        Assert.Equal(new UpstreamTlsConfig(), cluster.Http.Tls);
    }

    [Fact]
    public void LoadText_HealthCheckAbsent_LeavesActiveAndPassiveOff()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal);

        var cluster = config.Clusters["c"];
        Assert.Null(cluster.HealthCheck.Active);
        Assert.Null(cluster.HealthCheck.Passive);
        Assert.Null(config.Admin);
        Assert.Empty(config.Policies);
    }

    [Fact]
    public void LoadText_FullConfig_BindsPoliciesAsTheirTypesRecord()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        Assert.Equal(["strip", "tag"], config.Policies.Keys);
        var strip = Assert.IsType<Fulcrum.Gateway.Headers.HeadersPolicyConfig>(config.Policies["strip"]);
        Assert.Equal("headers", strip.Type);
        Assert.Equal(["Cookie"], strip.Request.Remove);
        var tag = Assert.IsType<Fulcrum.Gateway.Headers.HeadersPolicyConfig>(config.Policies["tag"]);
        Assert.Equal("fulcrum", tag.Request.Set["X-Gateway"]);
        Assert.Equal(["Server"], tag.Response.Remove);
    }

    [Fact]
    public void LoadText_FullConfig_BindsAdmin()
    {
        var config = TestConfigs.LoadValid(FullConfig);

        Assert.Equal(new AdminConfig { Address = "0.0.0.0:9901", Token = "secret" }, config.Admin);
    }

    [Fact]
    public void LoadText_AdminEmptyMap_UsesLoopbackDefault()
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + "admin: {}\n");

        Assert.Equal("127.0.0.1:9901", config.Admin!.Address);
        Assert.Null(config.Admin.Token);
    }

    [Fact]
    public void LoadText_Json_BindsSameModelAsYaml()
    {
        const string json = """
            {
            	"listeners": { "web": { "protocol": "http", "address": "127.0.0.1:8080", "trustedProxies": ["10.0.0.0/8"] } },
            	"routes": {
            		"text": {
            			"listeners": ["web"],
            			"order": -1,
            			"match": { "pathPrefix": "/text", "methods": ["POST"], "headers": [{ "name": "X-Tier", "value": "premium" }] },
            			"transforms": [{ "pathRemovePrefix": "/text" }, { "requestHeader": "X-A", "set": "b" }],
            			"cluster": "text-models",
            			"preserveHost": false,
            			"timeout": "2s"
            		}
            	},
            	"clusters": {
            		"text-models": {
            			"loadBalancing": { "policy": "leastRequests" },
            			"destinations": { "t1": { "address": "http://127.0.0.1:5001", "weight": 3 } },
            			"healthCheck": { "active": { "interval": "5s", "timeout": "1s" }, "panicMode": true },
            			"retries": { "attempts": 2 }
            		}
            	},
            	"policies": { "keys": { "type": "headers", "request": { "set": { "X-Api-Key": "k" } }, "response": null } },
            	"admin": null
            }
            """;
        const string yaml = """
            listeners: { web: { protocol: http, address: 127.0.0.1:8080, trustedProxies: [10.0.0.0/8] } }
            routes:
              text:
                listeners: [web]
                order: -1
                match: { pathPrefix: /text, methods: [POST], headers: [{ name: X-Tier, value: premium }] }
                transforms: [{ pathRemovePrefix: /text }, { requestHeader: X-A, set: b }]
                cluster: text-models
                preserveHost: false
                timeout: 2s
            clusters:
              text-models:
                loadBalancing: { policy: leastRequests }
                destinations: { t1: { address: "http://127.0.0.1:5001", weight: 3 } }
                healthCheck: { active: { interval: 5s, timeout: 1s }, panicMode: true }
                retries: { attempts: 2 }
            policies: { keys: { type: headers, request: { set: { X-Api-Key: k } }, response: ~ } }
            """;

        var fromJson = TestConfigs.LoadValid(json);
        var fromYaml = TestConfigs.LoadValid(yaml);

        foreach (var config in new[] { fromJson, fromYaml })
        {
            Assert.Equal("127.0.0.1:8080", config.Listeners["web"].Address);
            Assert.Equal(["10.0.0.0/8"], config.Listeners["web"].TrustedProxies);
            var route = config.Routes["text"];
            Assert.Equal(["web"], route.Listeners);
            Assert.Equal(-1, route.Order);
            Assert.Equal("/text", route.Match.PathPrefix);
            Assert.Equal(["POST"], route.Match.Methods);
            Assert.Equal(new HeaderMatchConfig { Name = "X-Tier", Value = "premium" }, Assert.Single(route.Match.Headers));
            Assert.Equal(
                [new TransformConfig { PathRemovePrefix = "/text" }, new TransformConfig { RequestHeader = "X-A", Set = "b" }],
                route.Transforms);
            Assert.False(route.PreserveHost);
            Assert.Equal(TimeSpan.FromSeconds(2), route.Timeout);
            var cluster = config.Clusters["text-models"];
            Assert.Equal("leastRequests", cluster.LoadBalancing.Policy);
            Assert.Equal(new DestinationConfig { Address = "http://127.0.0.1:5001", Weight = 3 }, cluster.Destinations["t1"]);
            Assert.Equal(TimeSpan.FromSeconds(5), cluster.HealthCheck.Active!.Interval);
            Assert.True(cluster.HealthCheck.PanicMode);
            Assert.Equal(2, cluster.Retries.Attempts);
            var keys = Assert.IsType<Fulcrum.Gateway.Headers.HeadersPolicyConfig>(config.Policies["keys"]);
            Assert.Equal("k", keys.Request.Set["X-Api-Key"]);
            Assert.Empty(keys.Response.Set);
            Assert.Null(config.Admin);
        }
    }

    [Fact]
    public void LoadText_JsonWithUnknownKey_ReportsLineAndColumnOfKey()
    {
        const string json = """
            {
              "listeners": { "web": { "address": "127.0.0.1:8080" } },
              "routes": { "r": { "cluster": "c", "prefix": "/x" } },
              "clusters": { "c": { "destinations": { "d": { "address": "http://127.0.0.1:5001" } } } }
            }
            """;

        var error = TestConfigs.SingleError(json, "routes.r.prefix");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 3, 38), error.Location);
        Assert.StartsWith("unknown key 'prefix'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_InvalidIndentation_ReportsOneErrorOnItsLine()
    {
        const string yaml = """
            listeners:
              web:
                address: 127.0.0.1:8080
               protocol: http
            routes: {}
            """;

        var error = TestConfigs.SingleError(yaml, "");

        Assert.Equal(4, error.Location.Line);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_UnterminatedQuote_ReportsOneErrorOnItsLine()
    {
        const string yaml = """
            listeners:
              web:
                address: "127.0.0.1:8080
            routes:
              r: { cluster: c }
            """;

        var error = TestConfigs.SingleError(yaml, "");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 3, 14), error.Location);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_FlowSequenceNotClosed_ReportsOneErrorOnItsLine()
    {
        const string yaml = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes:
              r: { listeners: [web, cluster: c }
            clusters: {}
            """;

        var error = TestConfigs.SingleError(yaml, "");

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("did not find expected ',' or ']'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_FlowMappingNotClosed_ReportsOneErrorInsteadOfThrowing()
    {
        // Regression: YamlDotNet throws InvalidOperationException (not YamlException) here, which escaped LoadText.
        const string yaml = """
            listeners:
              web: { address: 127.0.0.1:8080
            routes:
              r: { cluster: c }
            """;

        var error = TestConfigs.SingleError(yaml, "");

        Assert.Equal(2, error.Location.Line);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TabIndentation_ReportsLineOfTab()
    {
        // Regression: YamlDotNet gives this error no position, and it was reported at 1:1.
        const string yaml = "listeners:\n  web:\n\taddress: 127.0.0.1:8080\n";

        var error = TestConfigs.SingleError(yaml, "");

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("tab", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_AliasToMissingAnchor_ReportsOneErrorNamingIt()
    {
        const string yaml = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: *nope }
            """;

        var error = TestConfigs.SingleError(yaml, "");

        Assert.InRange(error.Location.Line, 1, 2);
        Assert.StartsWith("invalid YAML: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_DuplicateKey_ReportsOneErrorAtSecondKey()
    {
        const string yaml = """
            listeners:
              web: { address: 127.0.0.1:8080 }
              web: { address: 127.0.0.1:8081 }
            """;

        var error = TestConfigs.SingleError(yaml, "");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 3, 3), error.Location);
        Assert.Contains("Duplicate key web", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("---\n")]
    public void LoadText_EmptyFile_ReportsFileIsEmpty(string text)
    {
        var error = TestConfigs.SingleError(text, "");

        Assert.Equal("the file is empty", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 1, 1), error.Location);
    }

    [Theory]
    [InlineData("- a\n- b\n", "list")]
    [InlineData("just text\n", "single value")]
    public void LoadText_RootIsNotAMap_ReportsExpectedMap(string text, string kind)
    {
        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        var error = result.Errors[0];
        Assert.Equal("", error.Path);
        Assert.Equal($"expected a map of settings, found a {kind}", error.Message);
        Assert.Equal(1, error.Location.Line);
    }

    [Fact]
    public void LoadText_MultipleDocuments_ReportsError()
    {
        var text = TestConfigs.Minimal + "---\nadmin: {}\n";

        var error = TestConfigs.SingleError(text, "");

        Assert.Equal("expected one YAML document, found several", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Theory]
    [InlineData("    adress: 127.0.0.1:8080", "listeners.web.adress", 5, "unknown key 'adress' (did you mean 'address'?)")]
    [InlineData("    Address: 127.0.0.1:8080", "listeners.web.Address", 5, "unknown key 'Address' (did you mean 'address'?)")]
    [InlineData("    trustedProxy: [10.0.0.0/8]", "listeners.web.trustedProxy", 5, "unknown key 'trustedProxy' (did you mean 'trustedProxies'?)")]
    [InlineData("    certificates: []", "listeners.web.certificates", 5, "unknown key 'certificates'")]
    public void LoadText_UnknownListenerKey_ReportsKeyLocationAndSuggestion(string line, string path, int lineNumber, string message)
    {
        var text = $$"""
            listeners:
              web:
                protocol: http
                address: 127.0.0.1:8080
            {{line}}
            routes: { r: { cluster: c } }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, path);

        Assert.Equal(message, error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, lineNumber, 5), error.Location);
    }

    [Fact]
    public void LoadText_UnknownKeyInFlowMap_ReportsColumnOfKey()
    {
        var text = TestConfigs.Minimal + "admin: { adress: 127.0.0.1:9901 }\n";

        var error = TestConfigs.SingleError(text, "admin.adress");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 4, 10), error.Location);
        Assert.Equal("unknown key 'adress' (did you mean 'address'?)", error.Message);
    }

    [Fact]
    public void LoadText_UnknownTopLevelKey_SuggestsSection()
    {
        var text = TestConfigs.Minimal + "polices: {}\n";

        var error = TestConfigs.SingleError(text, "polices");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 4, 1), error.Location);
        Assert.Equal("unknown key 'polices' (did you mean 'policies'?)", error.Message);
    }

    [Fact]
    public void LoadText_UnknownKeyFarFromAnyName_HasNoSuggestion()
    {
        var text = TestConfigs.Minimal + "telemetry: {}\n";

        var error = TestConfigs.SingleError(text, "telemetry");

        Assert.Equal("unknown key 'telemetry'", error.Message);
    }

    [Fact]
    public void LoadText_WeightNotANumber_ReportsLineAndKeyPath()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters:
              c:
                destinations:
                  d:
                    address: http://127.0.0.1:5001
                    weight: abc
            """;

        var error = TestConfigs.SingleError(text, "clusters.c.destinations.d.weight");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 8, 17), error.Location);
        Assert.Equal("'abc' is not a whole number", error.Message);
        Assert.Equal("test.yaml:8:17: clusters.c.destinations.d.weight: 'abc' is not a whole number", error.ToString());
    }

    [Fact]
    public void LoadText_IntervalWithWords_ReportsLineAndKeyPath()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters:
              c:
                destinations: { d: { address: http://127.0.0.1:5001 } }
                healthCheck:
                  active:
                    interval: 5 seconds
            """;

        var error = TestConfigs.SingleError(text, "clusters.c.healthCheck.active.interval");

        Assert.Equal(8, error.Location.Line);
        Assert.Equal("'5 seconds' is not a duration such as 500ms, 10s or 1m", error.Message);
    }

    [Fact]
    public void LoadText_RetriesIsAList_ReportsLineAndKeyPath()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters:
              c:
                destinations: { d: { address: http://127.0.0.1:5001 } }
                retries: []
            """;

        var error = TestConfigs.SingleError(text, "clusters.c.retries");

        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 6, 14), error.Location);
        Assert.Equal("expected a map of settings, found a list", error.Message);
    }

    [Theory]
    [InlineData("routes: { r: { cluster: c, preserveHost: yes } }", "routes.r.preserveHost", "'yes' is not true or false")]
    [InlineData("routes: { r: { cluster: c, order: 1.5 } }", "routes.r.order", "'1.5' is not a whole number")]
    [InlineData("routes: { r: { cluster: c, timeout: 10 } }", "routes.r.timeout", "'10' is not a duration such as 500ms, 10s or 1m")]
    [InlineData("routes: { r: { cluster: [c] } }", "routes.r.cluster", "expected a single value, found a list")]
    [InlineData("routes: { r: { cluster: c, match: { methods: { a: GET } } } }", "routes.r.match.methods", "expected a list, found a map")]
    [InlineData("routes: { r: { cluster: c, transforms: /x } }", "routes.r.transforms", "expected a list, found a single value")]
    [InlineData("routes: [r]", "routes", "expected a map of names, found a list")]
    [InlineData("routes: { r: { cluster: c, match: { headers: [{ name: A, present: maybe }] } } }", "routes.r.match.headers[0].present", "'maybe' is not true or false")]
    public void LoadText_TypeError_ReportsKeyPathAndMessage(string routesLine, string path, string message)
    {
        var text = $$"""
            listeners: { web: { address: 127.0.0.1:8080 } }
            {{routesLine}}
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Path == path);
        Assert.Equal(message, error.Message);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void LoadText_ScalarWhereListExpected_IsListOfOne()
    {
        var text = TestConfigs.Minimal.Replace(
            "{ cluster: c }", "{ cluster: c, listeners: web, match: { methods: GET, hosts: a.example } }", StringComparison.Ordinal);

        var route = TestConfigs.LoadValid(text).Routes["r"];

        Assert.Equal(["web"], route.Listeners);
        Assert.Equal(["GET"], route.Match.Methods);
        Assert.Equal(["a.example"], route.Match.Hosts);
    }

    [Fact]
    public void LoadText_ManyIndependentMistakes_ReportsEveryOneOnItsOwnLine()
    {
        const string text = """
            listeners:
              web:
                address: 127.0.0.1:8080
                protocl: http
              api: { address: "127.0.0.1:8081", protocol: htp }
            routes:
              r:
                cluster: missing
                match:
                  methods: [get]
            clusters:
              c:
                destinations:
                  d: { address: http://127.0.0.1:5001, weight: abc }
                healthCheck:
                  active: { interval: 5 seconds }
                retries: []
                loadBalancing: { policy: roundrobin }
            policies:
              p: { type: header }
            admin:
              address: 0.0.0.0:9901
            """;

        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        var found = result.Errors.Select(e => (e.Location.Line, e.Path)).OrderBy(e => e.Line).ToList();
        Assert.Equal(
            [
                (4, "listeners.web.protocl"),
                (5, "listeners.api.protocol"),
                (8, "routes.r.cluster"),
                (10, "routes.r.match.methods[0]"),
                (14, "clusters.c.destinations.d.weight"),
                (16, "clusters.c.healthCheck.active.interval"),
                (17, "clusters.c.retries"),
                (18, "clusters.c.loadBalancing.policy"),
                (20, "policies.p.type"),
                (22, "admin.address"),
            ],
            found);
        Assert.All(result.Errors, e => Assert.Equal(TestConfigs.FileName, e.Location.File));
        Assert.Contains("did you mean 'protocol'?", result.Errors.Single(e => e.Path == "listeners.web.protocl").Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'http'?", result.Errors.Single(e => e.Path == "listeners.api.protocol").Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'roundRobin'?", result.Errors.Single(e => e.Path == "clusters.c.loadBalancing.policy").Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'headers'?", result.Errors.Single(e => e.Path == "policies.p.type").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_RouteToMissingCluster_SuggestsClosestName()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes:
              r:
                cluster: text-model
            clusters: { text-models: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, "routes.r.cluster");

        Assert.Equal("unknown cluster 'text-model' (did you mean 'text-models'?)", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 4, 14), error.Location);
    }

    [Fact]
    public void LoadText_RouteToMissingListener_SuggestsClosestName()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 }, admin-ui: { address: 127.0.0.1:8081 } }
            routes:
              r:
                listeners:
                  - admin-ui
                  - wbe
                cluster: c
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, "routes.r.listeners[1]");

        Assert.Equal("unknown listener 'wbe' (did you mean 'web'?)", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 6, 9), error.Location);
    }

    [Fact]
    public void LoadText_RouteToMissingPolicy_SuggestsClosestName()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, policies: [per-key-rte] }", StringComparison.Ordinal)
            + "policies: { per-key-rate: { type: custom } }\n";

        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, e => e.Path == "routes.r.policies[0]");
        Assert.Equal("unknown policy 'per-key-rte' (did you mean 'per-key-rate'?)", error.Message);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void LoadText_DanglingReferenceWithNothingClose_HasNoSuggestion()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: somewhere-else }", StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, "routes.r.cluster");

        Assert.Equal("unknown cluster 'somewhere-else'", error.Message);
    }

    [Fact]
    public void LoadText_BindingErrorOnKey_HasNoSecondValidationError()
    {
        // A value that failed to bind keeps its default; validating that default would report the same key twice.
        const string text = """
            listeners:
              web:
                address: [127.0.0.1:8080]
            routes:
              r:
                cluster: { name: c }
            clusters:
              c:
                destinations: { d: { address: http://127.0.0.1:5001 } }
            """;

        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        Assert.Equal(
            [
                (3, "listeners.web.address", "expected a single value, found a list"),
                (6, "routes.r.cluster", "expected a single value, found a map"),
            ],
            result.Errors.Select(e => (e.Location.Line, e.Path, e.Message)));
    }

    [Theory]
    [InlineData("match: { headers: [{ name: X-A, present: maybe }] }", "routes.r.match.headers[0].present", "'maybe' is not true or false")]
    [InlineData("match: { query: [{ name: a, values: { x: y } }] }", "routes.r.match.query[0].values", "expected a list, found a map")]
    [InlineData("transforms: [{ pathRemovePrefx: /a }]", "routes.r.transforms[0].pathRemovePrefx", "unknown key 'pathRemovePrefx' (did you mean 'pathRemovePrefix'?)")]
    [InlineData("transforms: [{ requestHeader: X-A, set: [b] }]", "routes.r.transforms[0].set", "expected a single value, found a list")]
    public void LoadText_BindingErrorInsideItem_HasNoValidationErrorAboutTheItem(string settings, string path, string message)
    {
        // Regression: the item's rule ("give exactly one of ...", "a transform needs one of ...") ran on the
        // default left by the failed key and reported the same mistake a second time, in other words.
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", $"{{ cluster: c, {settings} }}", StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, path);

        Assert.Equal(message, error.Message);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void LoadText_EntryThatFailedToBind_IsStillDeclared()
    {
        // The route names a cluster whose body is wrong: one error for the body, none for a "missing" cluster.
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters:
              c: [http://127.0.0.1:5001]
            """;

        var error = TestConfigs.SingleError(text, "clusters.c");

        Assert.Equal("expected a map of settings, found a list", error.Message);
        Assert.Equal(4, error.Location.Line);
    }

    [Fact]
    public void LoadText_NullEntryInMap_DeclaresEntryWithDefaults()
    {
        const string text = """
            listeners:
              web: { address: 127.0.0.1:8080 }
              spare:
            routes:
              r: { cluster: c, listeners: [spare] }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            policies:
              unused:
            """;

        var result = TestConfigs.Load(text);

        // Both entries exist (no "unknown listener 'spare'"), with defaults that validation then checks.
        Assert.Equal(
            [
                (3, "listeners.spare.address", "an address is required, such as 127.0.0.1:8080"),
                (8, "policies.unused.type", $"a policy needs a type: one of {string.Join(", ", Fulcrum.Gateway.PolicyRegistry.TypeNames)}"),
            ],
            result.Errors.Select(e => (e.Location.Line, e.Path, e.Message)).OrderBy(e => e.Line));
    }

    [Fact]
    public void LoadText_NullRouteEntry_DeclaresRouteWithDefaults()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes:
              r: { cluster: c }
              empty: ~
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, "routes.empty.cluster");

        Assert.Equal("a cluster name is required", error.Message);
        Assert.Equal(4, error.Location.Line);
    }

    [Fact]
    public void LoadText_NullValueForSetting_KeepsDefault()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, preserveHost: ~, order: null, match: }", StringComparison.Ordinal);

        var route = TestConfigs.LoadValid(text).Routes["r"];

        Assert.True(route.PreserveHost);
        Assert.Null(route.Order);
        Assert.NotNull(route.Match);
    }

    [Fact]
    public void LoadText_EnvironmentVariableSet_IsSubstituted()
    {
        const string text = """
            listeners: { web: { address: "${HOST}:${PORT}" } }
            routes: { r: { cluster: c } }
            clusters: { c: { destinations: { d: { address: "http://${BACKEND}", weight: "${WEIGHT}" } } } }
            """;
        var environment = new Dictionary<string, string> { ["HOST"] = "127.0.0.1", ["PORT"] = "8080", ["BACKEND"] = "10.1.2.3:80", ["WEIGHT"] = "7" };

        var config = TestConfigs.LoadValid(text, environment);

        Assert.Equal("127.0.0.1:8080", config.Listeners["web"].Address);
        Assert.Equal(new DestinationConfig { Address = "http://10.1.2.3:80", Weight = 7 }, config.Clusters["c"].Destinations["d"]);
    }

    [Fact]
    public void LoadText_EnvironmentVariableUnsetWithDefault_UsesDefault()
    {
        const string text = """
            listeners: { web: { address: "${LISTEN:-127.0.0.1:8080}" } }
            routes: { r: { cluster: c } }
            clusters: { c: { destinations: { d: { address: "${BACKEND:-http://127.0.0.1:5001}" } } } }
            policies: { k: { type: headers, request: { remove: ["${KEY_HEADER:-X-Api-Key}"] } } }
            """;

        var config = TestConfigs.LoadValid(text);

        Assert.Equal("127.0.0.1:8080", config.Listeners["web"].Address);
        Assert.Equal("http://127.0.0.1:5001", config.Clusters["c"].Destinations["d"].Address);
        Assert.Equal(["X-Api-Key"], ((Fulcrum.Gateway.Headers.HeadersPolicyConfig)config.Policies["k"]).Request.Remove);
    }

    [Fact]
    public void LoadText_EnvironmentVariableMissing_ReportsVariableAndLine()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters:
              c:
                destinations:
                  d: { address: "${BACKEND_URL}" }
            """;

        var error = TestConfigs.SingleError(text, "clusters.c.destinations.d.address");

        Assert.Equal(6, error.Location.Line);
        Assert.Contains("'BACKEND_URL'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_EnvironmentVariableMissingInPolicySetting_ReportsVariableAndLine()
    {
        var text = TestConfigs.Minimal + "policies:\n  k:\n    type: headers\n    request: { set: { X-Secret: \"${API_SECRET}\" } }\n";

        var error = TestConfigs.SingleError(text, "policies.k.request.set.X-Secret");

        Assert.Equal(7, error.Location.Line);
        Assert.Contains("'API_SECRET'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_EscapedDollar_IsNotSubstituted()
    {
        var text = TestConfigs.Minimal.Replace("{ cluster: c }", "{ cluster: c, transforms: [{ requestHeader: X-Template, set: \"$${HOST}\" }] }", StringComparison.Ordinal);

        var config = TestConfigs.LoadValid(text, new Dictionary<string, string> { ["HOST"] = "substituted" });

        Assert.Equal("${HOST}", config.Routes["r"].Transforms[0].Set);
    }

    [Fact]
    public void LoadText_NoEnvironmentGiven_ReadsProcessEnvironment()
    {
        // A name no other test uses, so setting it cannot disturb tests running in parallel.
        const string variable = "FULCRUM_CONFIG_LOADER_TESTS_LISTEN_ADDRESS";
        var text = TestConfigs.Minimal.Replace("127.0.0.1:8080", "\"${" + variable + "}\"", StringComparison.Ordinal);
        Environment.SetEnvironmentVariable(variable, "127.0.0.1:8089");
        try
        {
            var result = ConfigLoader.LoadText(text, "env.yaml");

            Assert.True(result.Succeeded, string.Join('\n', result.Errors));
            Assert.Equal("127.0.0.1:8089", result.Config!.Listeners["web"].Address);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void LoadText_ComplexKey_ReportsErrorInsteadOfThrowing()
    {
        // Regression: a key that is a list or map was cast to a scalar and threw InvalidCastException.
        var text = TestConfigs.Minimal + "policies:\n  p: { type: headers, [a, b]: 1 }\n";

        var error = TestConfigs.SingleError(text, "policies.p");

        Assert.Equal("a key must be a single value, found a list", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void LoadText_ComplexKeyInNamedMap_ReportsErrorInsteadOfThrowing()
    {
        var text = TestConfigs.Minimal.Replace("clusters: {", "clusters: { [x]: {}, ", StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, "clusters");

        Assert.Equal("a key must be a single value, found a list", error.Message);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void LoadText_SelfReferencingAlias_ReportsErrorInsteadOfOverflowingStack()
    {
        // Regression: when policy settings were bound without a schema, following this alias never ended. Typed
        // records have no cycles, so the alias now just meets keys its target does not have.
        var text = TestConfigs.Minimal + "policies:\n  p: &self { type: headers, request: *self }\n";

        var result = TestConfigs.Load(text);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path == "policies.p.request.type" && e.Message == "unknown key 'type'");
        Assert.All(result.Errors, e => Assert.Equal(5, e.Location.Line));
    }

    [Fact]
    public void LoadText_SharedAlias_BindsEachUse()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes:
              a: { cluster: c, match: &match { hosts: [a.example], methods: [GET] } }
              b: { cluster: c, match: *match }
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            policies:
              p: { type: headers, request: { remove: &list [X-A, X-B] }, response: { remove: *list } }
            """;

        var config = TestConfigs.LoadValid(text);

        Assert.Equal(["a.example"], config.Routes["b"].Match.Hosts);
        Assert.Equal(config.Routes["a"].Match.Methods, config.Routes["b"].Match.Methods);
        var headers = (Fulcrum.Gateway.Headers.HeadersPolicyConfig)config.Policies["p"];
        Assert.Equal(headers.Request.Remove, headers.Response.Remove);
    }

    [Fact]
    public void LoadText_FileName_IsUsedInEveryLocation()
    {
        var result = ConfigLoader.LoadText("listeners: {}\n", "/etc/fulcrum/gateway.yaml", _ => null);

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal("/etc/fulcrum/gateway.yaml", e.Location.File));
    }

    [Fact]
    public void LoadText_ValidConfig_KeepsSourceMap()
    {
        var result = TestConfigs.Load(TestConfigs.Minimal);

        Assert.True(result.Succeeded);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 2, 25), result.SourceMap.Find("routes.r.cluster"));
    }

    [Fact]
    public void LoadFile_ExistingFile_LoadsIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, TestConfigs.Minimal);
        try
        {
            var result = ConfigLoader.LoadFile(path, _ => null);

            Assert.True(result.Succeeded, string.Join('\n', result.Errors));
            Assert.Equal(path, result.SourceMap.File);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_ErrorInFile_NamesFileInLocation()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, TestConfigs.Minimal + "admin: { adress: x }\n");
        try
        {
            var error = Assert.Single(ConfigLoader.LoadFile(path, _ => null).Errors);

            Assert.Equal($"{path}:4:10: admin.adress: unknown key 'adress' (did you mean 'address'?)", error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsCannotRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-missing-{Guid.NewGuid():N}.yaml");

        var result = ConfigLoader.LoadFile(path, _ => null);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith($"{path}: cannot read the file: ", error.ToString(), StringComparison.Ordinal);
    }
}
