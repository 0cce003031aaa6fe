using Fulcrum.Gateway.Access;

namespace Fulcrum.Tests.Gateway.Access;

public class AddressRangeTests
{
    [Theory]
    [InlineData("10.0.0.0/8", true, "10.0.0.0", "10.255.255.255")]
    [InlineData("203.0.113.7", true, "203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7/32", true, "203.0.113.7", "203.0.113.7")]
    [InlineData("0.0.0.0/0", true, "0.0.0.0", "255.255.255.255")]
    [InlineData("2001:db8::/32", false, "2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::1", false, "::1", "::1")]
    [InlineData("::/0", false, "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("::ffff:10.0.0.0/104", true, "10.0.0.0", "10.255.255.255")]
    [InlineData("::ffff:192.0.2.1", true, "192.0.2.1", "192.0.2.1")]
    public void TryParse_ValidEntry_GivesInclusiveRange(string text, bool isIPv4, string first, string last)
    {
        Assert.True(AddressRange.TryParse(text, out var range, out var error), error);

        Assert.Equal(isIPv4, range.IsIPv4);
        Assert.Equal(Number(first), range.First);
        Assert.Equal(Number(last), range.Last);
    }

    [Theory]
    [InlineData("10.0.0.1/8", "'10.0.0.1/8' has bits set after the /8 prefix (did you mean '10.0.0.0/8'?)")]
    [InlineData("2001:db8::1/32", "'2001:db8::1/32' has bits set after the /32 prefix (did you mean '2001:db8::/32'?)")]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33' has an invalid prefix length: use 0 to 32 for an IPv4 range")]
    [InlineData("::/129", "'::/129' has an invalid prefix length: use 0 to 128 for an IPv6 range")]
    [InlineData("10.0.0.0/", "'10.0.0.0/' has an invalid prefix length: use 0 to 32 for an IPv4 range")]
    [InlineData("10.0.0.0/+8", "'10.0.0.0/+8' has an invalid prefix length: use 0 to 32 for an IPv4 range")]
    [InlineData("::ffff:0:0/95", "'::ffff:0:0/95' reaches beyond the IPv4-mapped range ::ffff:0:0/96: write the IPv4 range instead")]
    [InlineData("10", "'10' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32")]
    [InlineData("10.1", "'10.1' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32")]
    [InlineData("10.0.0.256", "'10.0.0.256' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32")]
    [InlineData("fe80::1%eth0", "'fe80::1%eth0' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32")]
    [InlineData("example.com", "'example.com' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32")]
    [InlineData("", "'' is not an IP address or CIDR range such as 10.0.0.0/8 or 2001:db8::/32")]
    public void TryParse_InvalidEntry_SaysWhy(string text, string expected)
    {
        Assert.False(AddressRange.TryParse(text, out _, out var error));

        Assert.Equal(expected, error);
    }

    internal static UInt128 Number(string address)
    {
        var bytes = System.Net.IPAddress.Parse(address).GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
