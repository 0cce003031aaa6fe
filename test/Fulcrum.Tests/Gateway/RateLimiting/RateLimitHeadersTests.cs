using Fulcrum.Gateway.RateLimiting;

namespace Fulcrum.Tests.Gateway.RateLimiting;

public class RateLimitHeadersTests
{
    [Theory]
    [InlineData("per-key", "\"per-key\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("café", "\"caf_\"")]
    public void Quote_PolicyName_AStructuredFieldString(string name, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.Quote(name));
    }

    [Fact]
    public void Policy_TokenBucket_LimitAndWindowInSeconds()
    {
        var headers = new RateLimitHeaders(RateLimitTesting.Model("limit: 100, period: 1m, burst: 20"));

        Assert.Equal("\"p\";q=100;w=60", headers.Policy);
        Assert.Equal("\"p\";r=19;t=1", headers.Value(19, 1));
    }

    [Fact]
    public void Policy_SubSecondPeriod_WindowRoundedUp()
    {
        Assert.Equal("\"p\";q=5;w=1", new RateLimitHeaders(RateLimitTesting.Model("limit: 5, period: 250ms")).Policy);
    }

    [Fact]
    public void Value_SamePairTwice_SameString()
    {
        var headers = new RateLimitHeaders(RateLimitTesting.Model("limit: 100, period: 1m"));

        Assert.Same(headers.Value(7, 3), headers.Value(7, 3));
    }
}
