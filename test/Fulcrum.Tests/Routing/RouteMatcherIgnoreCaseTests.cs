using Fulcrum.Configuration;
using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class RouteMatcherIgnoreCaseTests
{
    [Theory]
    [InlineData("/admin/x", true, true)]
    [InlineData("/ADMIN/x", false, true)]
    [InlineData("/Admin", false, true)]
    [InlineData("/administrator", false, false)]
    public void IsMatch_PrefixWithIgnoreCase_MatchesAnyCase(string path, bool caseSensitive, bool ignoringCase)
    {
        var strict = RouteMatcher.Compile(new RouteMatchConfig { PathPrefix = "/admin" });
        var lenient = RouteMatcher.Compile(new RouteMatchConfig { PathPrefix = "/admin", IgnoreCase = true });

        Assert.Equal(caseSensitive, strict.IsMatch(TestRequests.Create(path: path)));
        Assert.Equal(ignoringCase, lenient.IsMatch(TestRequests.Create(path: path)));
    }

    [Fact]
    public void IsMatch_ExactPathWithIgnoreCase_MatchesAnyCase() =>
        Assert.True(RouteMatcher.Compile(new RouteMatchConfig { Path = "/api/{id}", IgnoreCase = true }).IsMatch(TestRequests.Create(path: "/API/7")));
}
