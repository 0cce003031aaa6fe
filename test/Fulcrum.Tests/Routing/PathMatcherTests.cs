using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class PathMatcherTests
{
    [Theory]
    [InlineData("/text", "/text", true)]
    [InlineData("/text", "/text/", true)]
    [InlineData("/text", "/text/a", true)]
    [InlineData("/text", "/text/a/b", true)]
    [InlineData("/text", "/textual", false)]
    [InlineData("/text", "/tex", false)]
    [InlineData("/text", "/Text", false)]
    [InlineData("/text", "/", false)]
    [InlineData("/text/", "/text", true)]
    [InlineData("/text/", "/text/a", true)]
    [InlineData("/text/", "/textual", false)]
    [InlineData("/api/v1", "/api/v1/users", true)]
    [InlineData("/api/v1", "/api/v10", false)]
    [InlineData("/", "/", true)]
    [InlineData("/", "/anything/at/all", true)]
    [InlineData("/", "", true)]
    public void IsMatch_Prefix_MatchesOnSegmentBoundary(string prefix, string path, bool expected)
    {
        var matcher = PathMatcher.FromPrefix(prefix);

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(path: path)));
    }

    [Theory]
    [InlineData("/health", "/health", true)]
    [InlineData("/health", "/Health", false)]
    [InlineData("/health", "/health/", false)]
    [InlineData("/health", "/healthz", false)]
    [InlineData("/", "/", true)]
    [InlineData("/", "", true)]
    [InlineData("/", "/a", false)]
    public void IsMatch_ExactPath_ComparesOrdinally(string configured, string path, bool expected)
    {
        var matcher = PathMatcher.FromPath(configured);

        Assert.Equal(PathMatchKind.Exact, matcher.Kind);
        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(path: path)));
    }

    [Theory]
    [InlineData("/api/{id}", "/api/5", true)]
    [InlineData("/api/{id}", "/api/abc", true)]
    [InlineData("/api/{id}", "/api", false)]
    [InlineData("/api/{id}", "/api/", false)]
    [InlineData("/api/{id}", "/api/5/", false)]
    [InlineData("/api/{id}", "/api/5/x", false)]
    [InlineData("/api/{id}", "/API/5", false)]
    [InlineData("/api/{id}/items", "/api/5/items", true)]
    [InlineData("/api/{id}/items", "/api//items", false)]
    [InlineData("/api/{id}/items", "/api/5/other", false)]
    [InlineData("/api/{id}/{**rest}", "/api/5", true)]
    [InlineData("/api/{id}/{**rest}", "/api/5/", true)]
    [InlineData("/api/{id}/{**rest}", "/api/5/a/b/c", true)]
    [InlineData("/api/{id}/{**rest}", "/api", false)]
    [InlineData("/api/{id}/{**rest}", "/api5", false)]
    [InlineData("/files/{*path}", "/files", true)]
    [InlineData("/files/{*path}", "/files/a/b.txt", true)]
    [InlineData("/files/{*path}", "/filesystem", false)]
    [InlineData("/{**all}", "/", true)]
    [InlineData("/{**all}", "/x/y", true)]
    [InlineData("/{tenant}/{**rest}", "/", false)]
    [InlineData("/{tenant}/{**rest}", "/acme/orders/1", true)]
    public void IsMatch_Template_MatchesSegments(string template, string path, bool expected)
    {
        var matcher = PathMatcher.FromPath(template);

        Assert.Equal(PathMatchKind.Template, matcher.Kind);
        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(path: path)));
    }

    [Fact]
    public void IsMatch_IgnoreCase_MatchesOtherCase()
    {
        Assert.True(PathMatcher.FromPath("/Health", ignoreCase: true).IsMatch("/health"));
        Assert.True(PathMatcher.FromPrefix("/Text", ignoreCase: true).IsMatch("/TEXT/a"));
        Assert.True(PathMatcher.FromPath("/API/{id}", ignoreCase: true).IsMatch("/api/5"));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("")]
    public void FromPrefix_NoLeadingSlash_Throws(string prefix)
    {
        Assert.Throws<ArgumentException>(() => PathMatcher.FromPrefix(prefix));
    }

    [Theory]
    [InlineData("api/{id}")]
    [InlineData("/api/{id")]
    [InlineData("/api/{**rest}/more")]
    public void FromPath_InvalidTemplate_Throws(string path)
    {
        Assert.Throws<ArgumentException>(() => PathMatcher.FromPath(path));
    }

    [Fact]
    public void FromPrefix_TrailingSlash_IsNormalized()
    {
        Assert.Equal("/text", PathMatcher.FromPrefix("/text/").Text);
        Assert.Equal("/", PathMatcher.FromPrefix("/").Text);
    }
}
