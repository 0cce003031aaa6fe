using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class ClusterRulesTests
{
    /// <summary>Cluster <c>c</c> with one destination and <paramref name="settings"/> (indented four spaces) from line 6 on.</summary>
    private static string WithCluster(string settings) => $$"""
        listeners: { web: { address: 127.0.0.1:8080 } }
        routes: { r: { cluster: c } }
        clusters:
          c:
            destinations: { d: { address: "http://127.0.0.1:5001" } }
        {{settings}}
        """;

    [Theory]
    [InlineData("http://127.0.0.1:5001")]
    [InlineData("https://backend.internal")]
    [InlineData("http://[::1]:5001")]
    [InlineData("http://backend:8080/base/path")]
    [InlineData("HTTP://BACKEND:8080")]
    public void Validate_HttpDestination_Passes(string address)
    {
        var text = WithCluster("").Replace("http://127.0.0.1:5001", address, StringComparison.Ordinal);

        var config = TestConfigs.LoadValid(text);

        Assert.Equal(address, config.Clusters["c"].Destinations["d"].Address);
    }

    [Theory]
    [InlineData("127.0.0.1:5001")]
    [InlineData("backend")]
    [InlineData("ftp://backend")]
    [InlineData("tcp://127.0.0.1:5432")]
    [InlineData("http://backend/?debug=1")]
    [InlineData("http://backend/#top")]
    [InlineData("")]
    [InlineData("/relative/path")]
    public void Validate_NonHttpDestination_ReportsAddress(string address)
    {
        var text = WithCluster("").Replace("http://127.0.0.1:5001", address, StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, "clusters.c.destinations.d.address");

        Assert.Equal($"'{address}' is not an http:// or https:// address such as http://127.0.0.1:5001", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 5, 35), error.Location);
    }

    [Fact]
    public void Validate_NoDestinations_ReportsNeedsOne()
    {
        var text = WithCluster("").Replace("destinations: { d: { address: \"http://127.0.0.1:5001\" } }", "destinations: {}", StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, "clusters.c.destinations");

        Assert.Equal("a cluster needs at least one destination", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Validate_DestinationsAbsent_ReportsAtCluster()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters:
              c:
                loadBalancing: { policy: random }
            """;

        var error = TestConfigs.SingleError(text, "clusters.c.destinations");

        Assert.Equal(5, error.Location.Line);
    }

    [Theory]
    [InlineData("    protocol: quic", "clusters.c.protocol", "'quic' is not one of http, tcp, udp")]
    [InlineData("    loadBalancing: { policy: leastRequest }", "clusters.c.loadBalancing.policy", "'leastRequest' is not one of roundRobin, weightedRoundRobin, random, leastRequests, powerOfTwoChoices, consistentHash, first (did you mean 'leastRequests'?)")]
    [InlineData("    loadBalancing: { policy: consistentHash, hashOn: ip }", "clusters.c.loadBalancing.hashOn", "'ip' is not one of clientAddress, header, cookie")]
    [InlineData("    loadBalancing: { policy: consistentHash, hashAlgorithm: Maglev }", "clusters.c.loadBalancing.hashAlgorithm", "'Maglev' is not one of maglev, ring (did you mean 'maglev'?)")]
    [InlineData("    loadBalancing: { policy: consistentHash, hashOn: header }", "clusters.c.loadBalancing.hashKey", "hashOn: header needs hashKey, the header name")]
    [InlineData("    loadBalancing: { policy: consistentHash, hashOn: cookie, hashKey: \"\" }", "clusters.c.loadBalancing.hashKey", "hashOn: cookie needs hashKey, the cookie name")]
    [InlineData("    retries: { attempts: 11 }", "clusters.c.retries.attempts", "11 is out of range (0 to 10)")]
    [InlineData("    retries: { attempts: -1 }", "clusters.c.retries.attempts", "-1 is out of range (0 to 10)")]
    [InlineData("    retries: { attempts: 1, onStatus: [5xx, 999] }", "clusters.c.retries.onStatus", "'999' is not a status code, a class such as 5xx, or a range such as 500-504")]
    [InlineData("    http: { version: \"3\" }", "clusters.c.http.version", "'3' is not one of 1.1, 2")]
    [InlineData("    http: { forwarder: nginx }", "clusters.c.http.forwarder", "'nginx' is not one of auto, lean, yarp")]
    [InlineData("    http: { connectTimeout: 0s }", "clusters.c.http.connectTimeout", "must be greater than zero")]
    [InlineData("    http: { requestTimeout: 0ms }", "clusters.c.http.requestTimeout", "must be greater than zero")]
    [InlineData("    http: { pooledConnectionIdleTimeout: 0s }", "clusters.c.http.pooledConnectionIdleTimeout", "must be greater than zero")]
    [InlineData("    http: { maxConnectionsPerDestination: -1 }", "clusters.c.http.maxConnectionsPerDestination", "-1 is out of range (0 to 100000)")]
    [InlineData("    http: { maxConnectionsPerDestination: 100001 }", "clusters.c.http.maxConnectionsPerDestination", "100001 is out of range (0 to 100000)")]
    public void Validate_InvalidClusterSetting_ReportsPathAndReason(string settings, string path, string message)
    {
        var error = TestConfigs.SingleError(WithCluster(settings), path);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Location.Line);
    }

    [Theory]
    [InlineData("roundRobin")]
    [InlineData("weightedRoundRobin")]
    [InlineData("random")]
    [InlineData("leastRequests")]
    [InlineData("powerOfTwoChoices")]
    [InlineData("consistentHash")]
    [InlineData("first")]
    public void Validate_EveryPolicyName_Passes(string policy)
    {
        var config = TestConfigs.LoadValid(WithCluster($"    loadBalancing: {{ policy: {policy} }}"));

        Assert.Equal(policy, config.Clusters["c"].LoadBalancing.Policy);
    }

    [Theory]
    [InlineData("hashOn: clientAddress")]
    [InlineData("hashOn: header, hashKey: X-User")]
    [InlineData("hashOn: cookie, hashKey: session, hashAlgorithm: ring")]
    public void Validate_ConsistentHashComplete_Passes(string settings)
    {
        TestConfigs.LoadValid(WithCluster($"    loadBalancing: {{ policy: consistentHash, {settings} }}"));
    }

    [Fact]
    public void Validate_HashSettingsWithOtherPolicy_AreIgnored()
    {
        // hashOn and hashAlgorithm only mean something to consistentHash; other policies do not read them.
        TestConfigs.LoadValid(WithCluster("    loadBalancing: { policy: roundRobin, hashOn: nonsense, hashAlgorithm: nonsense }"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Validate_WeightAtBound_Passes(int weight)
    {
        var text = WithCluster("").Replace("address: \"http://127.0.0.1:5001\"", $"address: \"http://127.0.0.1:5001\", weight: {weight}", StringComparison.Ordinal);

        Assert.Equal(weight, TestConfigs.LoadValid(text).Clusters["c"].Destinations["d"].Weight);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1001)]
    public void Validate_WeightOutOfRange_ReportsRange(int weight)
    {
        var text = WithCluster("").Replace("address: \"http://127.0.0.1:5001\"", $"address: \"http://127.0.0.1:5001\", weight: {weight}", StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, "clusters.c.destinations.d.weight");

        Assert.Equal($"{weight} is out of range (1 to 1000)", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void Validate_RetryAttemptsAtBound_Passes(int attempts)
    {
        var config = TestConfigs.LoadValid(WithCluster($"    retries: {{ attempts: {attempts}, onStatus: [503, 5xx, 502-504] }}"));

        Assert.Equal(attempts, config.Clusters["c"].Retries.Attempts);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2")]
    public void Validate_SupportedHttpVersion_Passes(string version)
    {
        var config = TestConfigs.LoadValid(WithCluster($"    http: {{ version: {version}, maxConnectionsPerDestination: 100000 }}"));

        Assert.Equal(version, config.Clusters["c"].Http.Version);
    }

    [Fact]
    public void Validate_CompleteHealthCheck_Passes()
    {
        var text = WithCluster("""
                healthCheck:
                  active: { path: /healthz, interval: 2s, timeout: 2s, healthyAfter: 1, unhealthyAfter: 100, expectedStatus: [2xx, 301-302] }
                  passive: { consecutiveFailures: 1000, ejectFor: 1s, failureStatus: [500] }
            """);

        TestConfigs.LoadValid(text);
    }

    [Theory]
    [InlineData("path: healthz", "active.path", "'healthz' must start with '/'")]
    [InlineData("timeout: 0s", "active.timeout", "must be greater than zero")]
    [InlineData("interval: 1s, timeout: 2s", "active.timeout", "must not be longer than the interval")]
    [InlineData("healthyAfter: 0", "active.healthyAfter", "0 is out of range (1 to 100)")]
    [InlineData("healthyAfter: 101", "active.healthyAfter", "101 is out of range (1 to 100)")]
    [InlineData("unhealthyAfter: 0", "active.unhealthyAfter", "0 is out of range (1 to 100)")]
    [InlineData("expectedStatus: [ok]", "active.expectedStatus", "'ok' is not a status code")]
    public void Validate_InvalidActiveHealthCheck_ReportsPathAndReason(string settings, string path, string message)
    {
        var text = WithCluster($"    healthCheck:\n      active: {{ {settings} }}");

        var error = TestConfigs.SingleError(text, $"clusters.c.healthCheck.{path}");

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Location.Line);
    }

    [Theory]
    [InlineData("consecutiveFailures: 0", "passive.consecutiveFailures", "0 is out of range (1 to 1000)")]
    [InlineData("consecutiveFailures: 1001", "passive.consecutiveFailures", "1001 is out of range (1 to 1000)")]
    [InlineData("ejectFor: 0s", "passive.ejectFor", "must be greater than zero")]
    [InlineData("failureStatus: [600]", "passive.failureStatus", "'600' is not a status code")]
    [InlineData("failureStatus: [504-502]", "passive.failureStatus", "'504-502' is not a status code")]
    public void Validate_InvalidPassiveHealthCheck_ReportsPathAndReason(string settings, string path, string message)
    {
        var text = WithCluster($"    healthCheck:\n      passive: {{ {settings} }}");

        var error = TestConfigs.SingleError(text, $"clusters.c.healthCheck.{path}");

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.Location.Line);
    }

    [Fact]
    public void Validate_ZeroIntervalWithDefaultTimeout_ReportsBoth()
    {
        var text = WithCluster("    healthCheck:\n      active:\n        interval: 0s");

        var result = TestConfigs.Load(text);

        Assert.Equal(
            [
                ("clusters.c.healthCheck.active.interval", "must be greater than zero"),
                ("clusters.c.healthCheck.active.timeout", "must not be longer than the interval"),
            ],
            result.Errors.Select(e => (e.Path, e.Message)));

        // The default timeout was not written: its error points at the nearest written parent.
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 8, 19), result.Errors[0].Location);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 8, 9), result.Errors[1].Location);
    }

    [Fact]
    public void Validate_TwoBadClusters_ReportsBoth()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: a } }
            clusters:
              a: { destinations: { d: { address: "http://127.0.0.1:5001", weight: 0 } } }
              b: { destinations: {} }
            """;

        var result = TestConfigs.Load(text);

        Assert.Equal(
            [(4, "clusters.a.destinations.d.weight"), (5, "clusters.b.destinations")],
            result.Errors.Select(e => (e.Location.Line, e.Path)));
    }
}
