using System.Net;
using System.Security.Claims;
using Fulcrum.Gateway.RateLimiting;
using Fulcrum.Listeners;

namespace Fulcrum.Tests.Gateway.RateLimiting;

public class PartitionKeySourceTests
{
    [Fact]
    public void For_Consumer_KeyedByTheConsumer()
    {
        var feature = RateLimitTesting.Feature();
        feature.Consumer = "alice";

        var key = new PartitionKeySource(PartitionSource.Consumer, null).For(RateLimitTesting.Context(), feature);

        Assert.Equal("c:alice", key.ToString());
    }

    [Fact]
    public void For_NoConsumer_FallsBackToTheClientAddress()
    {
        var key = new PartitionKeySource(PartitionSource.Consumer, null).For(RateLimitTesting.Context("192.0.2.9"), RateLimitTesting.Feature());

        Assert.Equal("a:192.0.2.9", key.ToString());
    }

    [Theory]
    [InlineData(new[] { "k1" }, "h:k1")]
    [InlineData(new[] { "k1", "k2" }, "h:k1,k2")]
    [InlineData(new string[0], "a:192.0.2.1")]
    [InlineData(new[] { "" }, "a:192.0.2.1")]
    public void For_Header_KeyedByItsValueOrTheAddressWithout(string[] values, string expected)
    {
        var context = RateLimitTesting.Context();
        if (values.Length > 0)
        {
            context.Request.Headers["X-Api-Key"] = values;
        }

        var key = new PartitionKeySource(PartitionSource.Header, "X-Api-Key").For(context, RateLimitTesting.Feature());

        Assert.Equal(expected, key.ToString());
    }

    [Fact]
    public void For_HeaderLongerThanTheMaximum_FallsBackToTheAddress()
    {
        var context = RateLimitTesting.Context();
        context.Request.Headers["X-Api-Key"] = new string('k', PartitionKeySource.MaxLength + 1);

        var key = new PartitionKeySource(PartitionSource.Header, "X-Api-Key").For(context, RateLimitTesting.Feature());

        Assert.Equal(PartitionKind.IPv4, key.Kind);
    }

    [Fact]
    public void For_Claim_KeyedByTheTokensClaim()
    {
        var feature = RateLimitTesting.Feature();
        feature.Identity = new ClaimsIdentity([new Claim("sub", "user-7"), new Claim("tier", "gold")], "jwt");
        var source = new PartitionKeySource(PartitionSource.Claim, "tier");

        Assert.Equal("j:gold", source.For(RateLimitTesting.Context(), feature).ToString());
        Assert.Equal("a:192.0.2.1", source.For(RateLimitTesting.Context(), RateLimitTesting.Feature()).ToString());
    }

    [Fact]
    public void For_ClientAddressThroughTrustedProxy_TheForwardedClient()
    {
        var context = RateLimitTesting.Context("10.0.0.5");
        context.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        var feature = RateLimitTesting.Feature(TrustedProxies.Parse(["10.0.0.0/8"]));

        var key = new PartitionKeySource(PartitionSource.ClientAddress, null).For(context, feature);

        Assert.Equal("a:203.0.113.7", key.ToString());
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:192.0.2.1", "192.0.2.1", true)]
    [InlineData("192.0.2.1", "192.0.2.2", false)]
    public void ForAddress_IPv6_OneKeyPerSlash64(string a, string b, bool same)
    {
        var first = PartitionKey.ForAddress(IPAddress.Parse(a));
        var second = PartitionKey.ForAddress(IPAddress.Parse(b));

        Assert.Equal(same, first.Equals(second));
        if (same)
        {
            Assert.Equal(first.GetHashCode(), second.GetHashCode());
        }
    }

    [Fact]
    public void ToString_IPv6AndUnknown_Readable()
    {
        Assert.Equal("a:2001:db8:1:2::/64", PartitionKey.ForAddress(IPAddress.Parse("2001:db8:1:2::99")).ToString());
        Assert.Equal("a:unknown", PartitionKey.ForAddress(null).ToString());
    }

    [Fact]
    public void Equals_SameTextDifferentKind_DifferentPartitions()
    {
        Assert.NotEqual(PartitionKey.ForText(PartitionKind.Header, "alice"), PartitionKey.ForText(PartitionKind.Consumer, "alice"));
    }
}
