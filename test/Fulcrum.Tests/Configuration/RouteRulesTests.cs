using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class RouteRulesTests
{
    /// <summary>Route <c>r</c> with <paramref name="settings"/> (indented four spaces) from line 5 on.</summary>
    private static string WithRoute(string settings) => $$"""
        listeners: { web: { address: 127.0.0.1:8080 }, api: { address: 127.0.0.1:8081 } }
        routes:
          r:
            cluster: c
        {{settings}}
        clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
        """;

    [Fact]
    public void Validate_RouteWithReferencesThatExist_Passes()
    {
        var config = TestConfigs.LoadValid(WithRoute("    listeners: [web, api]"));

        Assert.Equal(["web", "api"], config.Routes["r"].Listeners);
    }

    [Fact]
    public void Validate_ClusterMissing_ReportsRequired()
    {
        const string text = """
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes:
              r:
                listeners: [web]
            clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
            """;

        var error = TestConfigs.SingleError(text, "routes.r.cluster");

        Assert.Equal("a cluster name is required", error.Message);
        Assert.Equal(4, error.Location.Line);
    }

    [Fact]
    public void Validate_UnknownCluster_ReportsNameAndSuggestion()
    {
        var text = WithRoute("").Replace("cluster: c\n", "cluster: C\n", StringComparison.Ordinal);

        var error = TestConfigs.SingleError(text, "routes.r.cluster");

        Assert.Equal("unknown cluster 'C' (did you mean 'c'?)", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 4, 14), error.Location);
    }

    [Fact]
    public void Validate_UnknownListeners_ReportsEachItem()
    {
        var error = TestConfigs.Load(WithRoute("    listeners: [web, ap1, nope]")).Errors;

        Assert.Equal(
            [
                ("routes.r.listeners[1]", "unknown listener 'ap1' (did you mean 'api'?)"),
                ("routes.r.listeners[2]", "unknown listener 'nope'"),
            ],
            error.Select(e => (e.Path, e.Message)));
        Assert.All(error, e => Assert.Equal(5, e.Location.Line));
    }

    [Fact]
    public void Validate_EmptyListenerName_ReportsRequired()
    {
        var error = TestConfigs.SingleError(WithRoute("    listeners: [\"\"]"), "routes.r.listeners[0]");

        Assert.Equal("a listener name is required", error.Message);
    }

    [Fact]
    public void Validate_UnknownPolicy_ReportsItemLine()
    {
        var text = WithRoute("    policies:\n      - auth") + "\npolicies: { oauth: { type: custom } }";

        var result = TestConfigs.Load(text);

        var error = Assert.Single(result.Errors, e => e.Path == "routes.r.policies[0]");
        Assert.Equal("unknown policy 'auth' (did you mean 'oauth'?)", error.Message);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 6, 9), error.Location);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("0ms")]
    public void Validate_ZeroTimeout_ReportsMustBePositive(string timeout)
    {
        var error = TestConfigs.SingleError(WithRoute($"    timeout: {timeout}"), "routes.r.timeout");

        Assert.Equal("must be greater than zero", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void Validate_PositiveTimeoutAndOrder_Passes()
    {
        var route = TestConfigs.LoadValid(WithRoute("    timeout: 250ms\n    order: -10")).Routes["r"];

        Assert.Equal(TimeSpan.FromMilliseconds(250), route.Timeout);
        Assert.Equal(-10, route.Order);
    }

    [Fact]
    public void Validate_PathAndPathPrefix_ReportsChooseOne()
    {
        var error = TestConfigs.SingleError(WithRoute("    match:\n      path: /a\n      pathPrefix: /b"), "routes.r.match.pathPrefix");

        Assert.Equal("give either path or pathPrefix, not both", error.Message);
        Assert.Equal(7, error.Location.Line);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/api/{id}")]
    [InlineData("/api/{id}/{**rest}")]
    [InlineData("/files/{*path}")]
    public void Validate_ValidPath_Passes(string path)
    {
        var route = TestConfigs.LoadValid(WithRoute($"    match: {{ path: \"{path}\" }}")).Routes["r"];

        Assert.Equal(path, route.Match.Path);
    }

    [Theory]
    [InlineData("api", "'api' must start with '/'")]
    [InlineData("", "'' must start with '/'")]
    [InlineData("/api/{id:int}", "invalid parameter name 'id:int'")]
    [InlineData("/api/{**rest}/more", "catch-all must be the last segment")]
    [InlineData("/api/v{version}", "a parameter must be a whole segment")]
    [InlineData("/api/{id}/{id}", "duplicate parameter 'id'")]
    [InlineData("/search?q=1", "contains '?'")]
    public void Validate_InvalidPath_ReportsWhy(string path, string message)
    {
        var error = TestConfigs.SingleError(WithRoute($"    match:\n      path: \"{path}\""), "routes.r.match.path");

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 6, 13), error.Location);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/text")]
    [InlineData("/text/v1")]
    public void Validate_ValidPathPrefix_Passes(string prefix)
    {
        var route = TestConfigs.LoadValid(WithRoute($"    match: {{ pathPrefix: \"{prefix}\" }}")).Routes["r"];

        Assert.Equal(prefix, route.Match.PathPrefix);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("")]
    public void Validate_PathPrefixWithoutSlash_ReportsMustStartWithSlash(string prefix)
    {
        var error = TestConfigs.SingleError(WithRoute($"    match: {{ pathPrefix: \"{prefix}\" }}"), "routes.r.match.pathPrefix");

        Assert.Equal($"'{prefix}' must start with '/'", error.Message);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("*.example.com")]
    [InlineData("localhost")]
    [InlineData("EXAMPLE.COM")]
    public void Validate_ValidHost_Passes(string host)
    {
        var route = TestConfigs.LoadValid(WithRoute($"    match: {{ hosts: [\"{host}\"] }}")).Routes["r"];

        Assert.Equal([host], route.Match.Hosts);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("a.*.example.com")]
    [InlineData("*example.com")]
    [InlineData("example.com/path")]
    [InlineData("http://example.com")]
    [InlineData("exa mple.com")]
    public void Validate_InvalidHost_ReportsItemPath(string host)
    {
        var text = WithRoute($"    match:\n      hosts:\n        - example.com\n        - \"{host}\"");

        var error = TestConfigs.SingleError(text, "routes.r.match.hosts[1]");

        Assert.Equal($"'{host}' is not a host name or a wildcard such as *.example.com", error.Message);
        Assert.Equal(8, error.Location.Line);
    }

    [Theory]
    [InlineData("example.com:8080")]
    [InlineData("[::1]:8080")]
    public void Validate_HostWithPort_ReportsPortNotMatched(string host)
    {
        var error = TestConfigs.SingleError(WithRoute($"    match: {{ hosts: [\"{host}\"] }}"), "routes.r.match.hosts[0]");

        Assert.Equal($"'{host}' has a port: hosts match the name only, whatever the port", error.Message);
    }

    [Fact]
    public void Validate_Ipv6LiteralHost_Passes()
    {
        var route = TestConfigs.LoadValid(WithRoute("    match: { hosts: [\"::1\"] }")).Routes["r"];

        Assert.Equal(["::1"], route.Match.Hosts);
    }

    [Fact]
    public void Validate_EmptyValuesList_ReportsMatchesNothing()
    {
        var error = TestConfigs.SingleError(WithRoute("    match: { headers: [{ name: X-A, values: [] }] }"), "routes.r.match.headers[0].values");

        Assert.Equal("an empty list matches nothing: give at least one value", error.Message);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PURGE")]
    [InlineData("OPTIONS")]
    public void Validate_UpperCaseMethod_Passes(string method)
    {
        var route = TestConfigs.LoadValid(WithRoute($"    match: {{ methods: [{method}] }}")).Routes["r"];

        Assert.Equal([method], route.Match.Methods);
    }

    [Theory]
    [InlineData("get")]
    [InlineData("Get")]
    [InlineData("")]
    [InlineData("M-SEARCH")]
    [InlineData("GET POST")]
    public void Validate_InvalidMethod_ReportsItemPath(string method)
    {
        var error = TestConfigs.SingleError(WithRoute($"    match: {{ methods: [GET, \"{method}\"] }}"), "routes.r.match.methods[1]");

        Assert.Equal($"'{method}' is not an HTTP method in upper case, such as GET", error.Message);
        Assert.Equal(5, error.Location.Line);
    }

    [Theory]
    [InlineData("headers")]
    [InlineData("query")]
    public void Validate_ConditionWithEachKind_Passes(string kind)
    {
        var text = WithRoute($$"""
                match:
                  {{kind}}:
                    - { name: a, value: x }
                    - { name: b, values: [x, y] }
                    - { name: c, regex: "^x+$" }
                    - { name: d, present: true }
                    - { name: e, present: false }
            """);

        TestConfigs.LoadValid(text);
    }

    [Theory]
    [InlineData("headers")]
    [InlineData("query")]
    public void Validate_ConditionWithoutName_ReportsNameRequired(string kind)
    {
        var error = TestConfigs.SingleError(WithRoute($"    match:\n      {kind}:\n        - value: x"), $"routes.r.match.{kind}[0].name");

        Assert.Equal("a name is required", error.Message);
        Assert.Equal(7, error.Location.Line);
    }

    [Theory]
    [InlineData("headers", "{ name: a }")]
    [InlineData("headers", "{ name: a, value: x, present: true }")]
    [InlineData("headers", "{ name: a, values: [x], regex: x }")]
    [InlineData("query", "{ name: a }")]
    [InlineData("query", "{ name: a, value: x, regex: x }")]
    public void Validate_ConditionWithoutExactlyOneTest_ReportsGiveExactlyOne(string kind, string condition)
    {
        var text = WithRoute($"    match:\n      {kind}:\n        - {{ name: ok, value: x }}\n        - {condition}");

        var error = TestConfigs.SingleError(text, $"routes.r.match.{kind}[1]");

        Assert.Equal("give exactly one of value, values, regex or present", error.Message);
        Assert.Equal(8, error.Location.Line);
    }

    [Theory]
    [InlineData("headers")]
    [InlineData("query")]
    public void Validate_ConditionWithInvalidRegex_ReportsRegexPath(string kind)
    {
        var text = WithRoute($"    match:\n      {kind}:\n        - name: a\n          regex: \"(unclosed\"");

        var error = TestConfigs.SingleError(text, $"routes.r.match.{kind}[0].regex");

        Assert.StartsWith("invalid regular expression: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(new ConfigLocation(TestConfigs.FileName, 8, 18), error.Location);
    }

    [Fact]
    public void Validate_EveryTransformKind_Passes()
    {
        var text = WithRoute("""
                transforms:
                  - pathRemovePrefix: /text
                  - pathPrefix: /v1/api
                  - { requestHeader: X-A, set: b }
                  - { requestHeader: X-Empty, set: "" }
                  - requestHeaderRemove: Cookie
                  - { responseHeader: "X-Odd!#$%&'*+-.^_`|~", set: b }
                  - responseHeaderRemove: Server
            """);

        var route = TestConfigs.LoadValid(text).Routes["r"];

        Assert.Equal(7, route.Transforms.Count);
    }

    [Fact]
    public void Validate_EmptyTransform_ReportsNeedsOneKind()
    {
        var error = TestConfigs.SingleError(WithRoute("    transforms:\n      - {}"), "routes.r.transforms[0]");

        Assert.Equal(
            "a transform needs one of pathRemovePrefix, pathPrefix, requestHeader, requestHeaderRemove, responseHeader, responseHeaderRemove",
            error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Fact]
    public void Validate_TwoKindsInOneTransform_ReportsOnePerItem()
    {
        var error = TestConfigs.SingleError(
            WithRoute("    transforms:\n      - { pathRemovePrefix: /a, pathPrefix: /b }"), "routes.r.transforms[0]");

        Assert.Equal("one transform per list item, found pathRemovePrefix and pathPrefix", error.Message);
    }

    [Theory]
    [InlineData("pathRemovePrefix", "text")]
    [InlineData("pathRemovePrefix", "/")]
    [InlineData("pathRemovePrefix", "/text/")]
    [InlineData("pathPrefix", "v1")]
    [InlineData("pathPrefix", "/v1/")]
    public void Validate_InvalidTransformPath_ReportsShape(string kind, string value)
    {
        var error = TestConfigs.SingleError(WithRoute($"    transforms:\n      - {kind}: \"{value}\""), $"routes.r.transforms[0].{kind}");

        Assert.Equal($"'{value}' must start with '/' and not end with one, such as /api", error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Theory]
    [InlineData("requestHeader", "X A", ", set: b")]
    [InlineData("responseHeader", "X:A", ", set: b")]
    [InlineData("requestHeaderRemove", "", "")]
    [InlineData("responseHeaderRemove", "X(A)", "")]
    [InlineData("requestHeaderRemove", "Zürich", "")]
    public void Validate_InvalidTransformHeaderName_ReportsName(string kind, string name, string set)
    {
        var error = TestConfigs.SingleError(
            WithRoute($"    transforms:\n      - {{ {kind}: \"{name}\"{set} }}"), $"routes.r.transforms[0].{kind}");

        Assert.Equal($"'{name}' is not a valid header name", error.Message);
    }

    [Theory]
    [InlineData("requestHeader", "Transfer-Encoding", ", set: chunked")]
    [InlineData("requestHeader", "content-length", ", set: \"5\"")]
    [InlineData("requestHeader", "Connection", ", set: close")]
    [InlineData("requestHeaderRemove", "TE", "")]
    [InlineData("requestHeaderRemove", "Expect", "")]
    public void Validate_TransformOfAFramingRequestHeader_Refused(string kind, string name, string set)
    {
        // A route that set Transfer-Encoding beside the Content-Length the gateway writes would smuggle requests.
        var error = TestConfigs.SingleError(
            WithRoute($"    transforms:\n      - {{ {kind}: \"{name}\"{set} }}"), $"routes.r.transforms[0].{kind}");

        Assert.Equal($"'{name}' frames the request or belongs to one connection; the gateway sets it from what it forwards", error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Fact]
    public void Validate_TransformOfAFramingResponseHeader_Allowed()
    {
        TestConfigs.LoadValid(WithRoute("    transforms:\n      - { responseHeader: Connection, set: close }"));
    }

    [Theory]
    [InlineData("requestHeader")]
    [InlineData("responseHeader")]
    public void Validate_HeaderTransformWithoutSet_ReportsSetRequired(string kind)
    {
        var error = TestConfigs.SingleError(WithRoute($"    transforms:\n      - {kind}: X-A"), "routes.r.transforms[0]");

        Assert.Equal("requestHeader and responseHeader need `set: value`", error.Message);
    }

    [Theory]
    [InlineData("requestHeaderRemove: X-A")]
    [InlineData("pathPrefix: /v1")]
    public void Validate_SetWithoutHeaderTransform_ReportsSetMisplaced(string transform)
    {
        var error = TestConfigs.SingleError(WithRoute($"    transforms:\n      - {{ {transform}, set: b }}"), "routes.r.transforms[0].set");

        Assert.Equal("set belongs with requestHeader or responseHeader", error.Message);
        Assert.Equal(6, error.Location.Line);
    }

    [Theory]
    [InlineData("a\\r\\nInjected: yes")]
    [InlineData("a\\nb")]
    [InlineData("a\\0b")]
    public void Validate_SetWithControlCharacters_ReportsHeaderInjection(string escaped)
    {
        var error = TestConfigs.SingleError(
            WithRoute($"    transforms:\n      - {{ responseHeader: X-A, set: \"{escaped}\" }}"), "routes.r.transforms[0].set");

        Assert.Equal("a header value cannot contain CR, LF or NUL", error.Message);
    }

    [Fact]
    public void Validate_SeveralBadTransforms_ReportsEachOnItsLine()
    {
        var text = WithRoute("""
                transforms:
                  - pathPrefix: v1
                  - requestHeader: X-A
                  - { responseHeaderRemove: "X B", set: c }
            """);

        var result = TestConfigs.Load(text);

        Assert.Equal(
            [
                (6, "routes.r.transforms[0].pathPrefix"),
                (7, "routes.r.transforms[1]"),
                (8, "routes.r.transforms[2].responseHeaderRemove"),
                (8, "routes.r.transforms[2].set"),
            ],
            result.Errors.Select(e => (e.Location.Line, e.Path)));
    }
}
