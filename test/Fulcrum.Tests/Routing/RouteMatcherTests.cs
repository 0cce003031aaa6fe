using Fulcrum.Configuration;
using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class RouteMatcherTests
{
    private static readonly RouteMatchConfig TextRoute = new()
    {
        Hosts = ["api.example.com"],
        PathPrefix = "/text",
        Methods = ["POST"],
        Headers = [new HeaderMatchConfig { Name = "X-Tier", Value = "premium" }],
        Query = [new QueryMatchConfig { Name = "stream", Present = true }],
    };

    [Fact]
    public void IsMatch_EmptyConfig_MatchesEverything()
    {
        var matcher = RouteMatcher.Compile(new RouteMatchConfig());

        Assert.True(matcher.IsMatch(TestRequests.Create(method: "DELETE", host: null, path: "/any", query: "?x=1")));
    }

    [Fact]
    public void IsMatch_AllConditionsHold_Matches()
    {
        var matcher = RouteMatcher.Compile(TextRoute);
        var request = TestRequests.Create("post", "API.example.com:443", "/text/complete", "?stream", ("X-Tier", "Premium"));

        Assert.True(matcher.IsMatch(request));
    }

    [Theory]
    [InlineData("GET", "api.example.com", "/text/complete", "?stream", "premium")]
    [InlineData("POST", "web.example.com", "/text/complete", "?stream", "premium")]
    [InlineData("POST", "api.example.com", "/textual", "?stream", "premium")]
    [InlineData("POST", "api.example.com", "/text/complete", "?other", "premium")]
    [InlineData("POST", "api.example.com", "/text/complete", "?stream", "basic")]
    public void IsMatch_OneConditionFails_DoesNotMatch(string method, string host, string path, string query, string tier)
    {
        var matcher = RouteMatcher.Compile(TextRoute);

        Assert.False(matcher.IsMatch(TestRequests.Create(method, host, path, query, ("X-Tier", tier))));
    }

    [Fact]
    public void Compile_PathAndPrefix_Throws()
    {
        Assert.Throws<ArgumentException>(() => RouteMatcher.Compile(new RouteMatchConfig { Path = "/a", PathPrefix = "/a" }));
    }

    [Fact]
    public void Compile_InvalidTemplate_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => RouteMatcher.Compile(new RouteMatchConfig { Path = "/a/{**rest}/b" }));

        Assert.Contains("catch-all must be the last segment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_Conditions_CountsMethodsOnceForSpecificity()
    {
        var matcher = RouteMatcher.Compile(TextRoute with { Methods = ["GET", "POST", "PUT"] });

        Assert.Equal(3, matcher.Specificity.ConditionCount);
    }
}
