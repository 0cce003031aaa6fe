using Fulcrum.Gateway.Cors;
using Fulcrum.Tests.Common;

namespace Fulcrum.Tests.Gateway.Cors;

public class OriginMatcherTests
{
    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("https://APP.example.com", true)]
    [InlineData("http://app.example.com", false)]
    [InlineData("https://app.example.com:8443", false)]
    [InlineData("https://a.example.com", true)]
    [InlineData("https://a.b.example.com", true)]
    [InlineData("https://example.com", false)]
    [InlineData("https://.example.com", false)]
    [InlineData("https://a..example.com", false)]
    [InlineData("https://evil.com/.example.com", false)]
    [InlineData("https://evil.com?.example.com", false)]
    [InlineData("https://a@b.example.com", false)]
    [InlineData("https://a.example.com.evil.com", false)]
    [InlineData("https://evilexample.com", false)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://localhost:3001", false)]
    [InlineData("https://x.dev.test:8443", true)]
    [InlineData("https://x.dev.test", false)]
    [InlineData("null", false)]
    [InlineData("", false)]
    [InlineData("garbage \u00e9\u0001", false)]
    public void Matches_ExactAndWildcardEntries(string origin, bool expected)
    {
        var matcher = OriginMatcher.Create(["https://app.example.com", "https://*.example.com", "http://localhost:3000", "https://*.dev.test:8443"]);

        Assert.Equal(expected, matcher.Matches(origin));
        Assert.False(matcher.AllowsAny);
    }

    [Fact]
    public void Matches_Star_AnythingIncludingNull()
    {
        var matcher = OriginMatcher.Create(["*"]);

        Assert.True(matcher.AllowsAny);
        Assert.True(matcher.Matches("null"));
        Assert.True(matcher.Matches("https://anything.test"));
    }

    [Fact]
    public void Matches_AllocatesNothing()
    {
        var matcher = OriginMatcher.Create(["https://app.example.com", "https://*.example.com"]);

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            matcher.Matches("https://app.example.com");
            matcher.Matches("https://x.example.com");
            matcher.Matches("https://evil.test");
        });

        Assert.Equal(0, bytes);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://app.example.com")]
    [InlineData("http://localhost:3000")]
    [InlineData("https://*.example.com")]
    [InlineData("https://*.example.com:8443")]
    [InlineData("http://[::1]:8080")]
    [InlineData("capacitor://localhost")]
    public void Check_ValidEntry_Null(string origin)
    {
        Assert.Null(OriginMatcher.Check(origin));
    }

    [Theory]
    [InlineData("https://app.example.com/", "'https://app.example.com/' has a path: an origin is scheme://host[:port] (did you mean 'https://app.example.com'?)")]
    [InlineData("https://app.example.com/x?y", "'https://app.example.com/x?y' has a path: an origin is scheme://host[:port] (did you mean 'https://app.example.com'?)")]
    [InlineData("app.example.com", "'app.example.com' is not an origin such as https://app.example.com, https://*.example.com or *")]
    [InlineData("null", "'null' is not an origin such as https://app.example.com, https://*.example.com or *")]
    [InlineData("1http://a", "'1http://a' is not an origin such as https://app.example.com, https://*.example.com or *")]
    [InlineData("https://a.example.com:0", "'https://a.example.com:0' has an invalid port")]
    [InlineData("https://a.example.com:99999", "'https://a.example.com:99999' has an invalid port")]
    [InlineData("https://a.example.com:", "'https://a.example.com:' has an invalid port")]
    [InlineData("https://a.example.com:443", "'https://a.example.com:443' names the default port, which browsers leave out of an origin (did you mean 'https://a.example.com'?)")]
    [InlineData("http://a.example.com:80", "'http://a.example.com:80' names the default port, which browsers leave out of an origin (did you mean 'http://a.example.com'?)")]
    [InlineData("https://a.*.example.com", "'https://a.*.example.com': '*' may only stand for the leftmost labels, as in https://*.example.com")]
    [InlineData("https://*example.com", "'https://*example.com': '*' may only stand for the leftmost labels, as in https://*.example.com")]
    [InlineData("https://*", "'https://*': '*' may only stand for the leftmost labels, as in https://*.example.com")]
    [InlineData("https://user@a.example.com", "'https://user@a.example.com' has user information: an origin is scheme://host[:port]")]
    [InlineData("https://a_b.example.com", "'https://a_b.example.com' has an invalid host name 'a_b.example.com'")]
    [InlineData("https://", "'https://' has an invalid host name ''")]
    public void Check_InvalidEntry_SaysWhy(string origin, string expected)
    {
        Assert.Equal(expected, OriginMatcher.Check(origin));
    }
}
