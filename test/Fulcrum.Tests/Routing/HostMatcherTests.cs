using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class HostMatcherTests
{
    [Theory]
    [InlineData("example.com")]
    [InlineData("EXAMPLE.com")]
    [InlineData("example.com:8080")]
    [InlineData("Example.Com:443")]
    [InlineData("example.com.")]
    public void IsMatch_ExactHostAnyCaseOrPort_Matches(string requestHost)
    {
        var matcher = HostMatcher.Create(["example.com"]);

        Assert.True(matcher.IsMatch(TestRequests.Create(host: requestHost)));
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("www.example.com")]
    [InlineData("example.co")]
    [InlineData("")]
    public void IsMatch_OtherHost_DoesNotMatch(string requestHost)
    {
        var matcher = HostMatcher.Create(["example.com"]);

        Assert.False(matcher.IsMatch(TestRequests.Create(host: requestHost)));
    }

    [Fact]
    public void IsMatch_NoHostHeader_DoesNotMatch()
    {
        var matcher = HostMatcher.Create(["example.com", "*.example.com"]);

        Assert.False(matcher.IsMatch(TestRequests.Create(host: null)));
    }

    [Theory]
    [InlineData("a.example.com")]
    [InlineData("A.EXAMPLE.COM")]
    [InlineData("a.b.example.com")]
    [InlineData("api.example.com:8443")]
    public void IsMatch_WildcardSubdomain_Matches(string requestHost)
    {
        var matcher = HostMatcher.Create(["*.example.com"]);

        Assert.True(matcher.IsMatch(TestRequests.Create(host: requestHost)));
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData(".example.com")]
    [InlineData("badexample.com")]
    [InlineData("a..example.com")]
    [InlineData("example.com.evil.org")]
    public void IsMatch_WildcardApexOrLookalike_DoesNotMatch(string requestHost)
    {
        var matcher = HostMatcher.Create(["*.example.com"]);

        Assert.False(matcher.IsMatch(TestRequests.Create(host: requestHost)));
    }

    [Theory]
    [InlineData("[::1]", "[::1]")]
    [InlineData("[::1]", "[::1]:8080")]
    [InlineData("::1", "[::1]:8080")]
    [InlineData("[fe80::a]", "[FE80::A]:80")]
    [InlineData("127.0.0.1", "127.0.0.1:5000")]
    public void IsMatch_IpLiteral_MatchesWithoutPort(string configured, string requestHost)
    {
        var matcher = HostMatcher.Create([configured]);

        Assert.True(matcher.IsMatch(TestRequests.Create(host: requestHost)));
    }

    [Fact]
    public void IsMatch_Ipv6LiteralOtherAddress_DoesNotMatch()
    {
        var matcher = HostMatcher.Create(["[::1]"]);

        Assert.False(matcher.IsMatch(TestRequests.Create(host: "[::2]:8080")));
    }

    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("example.com:80", "example.com")]
    [InlineData("[::1]:80", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("::1", "::1")]
    [InlineData("example.com.:80", "example.com")]
    [InlineData("", "")]
    public void Normalize_Authority_ReturnsBareHost(string authority, string expected)
    {
        Assert.Equal(expected, HostMatcher.Normalize(authority).ToString());
    }

    [Theory]
    [InlineData("example.com:8080")]
    [InlineData("[::1]:8080")]
    [InlineData("*.example.com:8080")]
    public void Create_HostWithPort_Throws(string host)
    {
        var error = Assert.Throws<ArgumentException>(() => HostMatcher.Create([host]));

        Assert.Contains("port", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("a.*.com")]
    [InlineData("exa mple.com")]
    [InlineData("example.com/path")]
    public void Create_NotAHostName_Throws(string host)
    {
        Assert.Throws<ArgumentException>(() => HostMatcher.Create([host]));
    }

    [Fact]
    public void Create_MixedHosts_ExposesExactHostsAndWildcards()
    {
        var matcher = HostMatcher.Create(["A.example.com", "*.b.example.com", "a.example.com", "[::1]"]);

        Assert.Equal(["A.example.com", "::1"], matcher.ExactHosts);
        Assert.True(matcher.HasWildcards);
        Assert.Equal(".b.example.com".Length, matcher.LongestWildcardSuffix);
    }
}
