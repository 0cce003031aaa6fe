using System.Net;
using Fulcrum.Gateway.Access;
using Fulcrum.Tests.Common;

namespace Fulcrum.Tests.Gateway.Access;

public class AddressSetTests
{
    private static AddressSet Set(params string[] entries) => Fulcrum.Gateway.Access.IpFilterPolicyFactory.Compile(entries);

    [Theory]
    [InlineData("10.0.0.0", true)]
    [InlineData("10.255.255.255", true)]
    [InlineData("9.255.255.255", false)]
    [InlineData("11.0.0.0", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("192.168.1.2", false)]
    [InlineData("172.16.0.1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:db8:ffff::1", true)]
    [InlineData("2001:db9::", false)]
    [InlineData("::1", true)]
    [InlineData("::2", false)]
    public void Contains_MixedFamilies_MatchesOnlyCoveredAddresses(string address, bool expected)
    {
        var set = Set("10.0.0.0/8", "192.168.1.1", "172.16.0.0/12", "2001:db8::/32", "::1");

        Assert.Equal(expected, set.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("::ffff:11.1.2.3", false)]
    public void Contains_IPv4MappedIPv6Client_MatchedAsIPv4(string address, bool expected)
    {
        var set = Set("10.0.0.0/8");

        Assert.Equal(expected, set.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Contains_IPv4Client_NotMatchedByIPv6CatchAll()
    {
        var set = Set("::/0");

        Assert.False(set.Contains(IPAddress.Parse("10.0.0.1")));
        Assert.True(set.Contains(IPAddress.Parse("2001:db8::1")));
    }

    [Fact]
    public void Contains_IPv6LinkLocalWithZone_ZoneIgnored()
    {
        var set = Set("fe80::/10");

        Assert.True(set.Contains(IPAddress.Parse("fe80::1%2")));
    }

    [Fact]
    public void Create_OverlappingAndAdjacentRanges_Merged()
    {
        var set = Set("10.0.0.0/9", "10.128.0.0/9", "10.1.2.3", "11.0.0.0/8", "13.0.0.0/8", "2001:db8::/33", "2001:db8:8000::/33");

        Assert.Equal(3, set.RangeCount);
        Assert.True(set.Contains(IPAddress.Parse("11.255.255.255")));
        Assert.False(set.Contains(IPAddress.Parse("12.0.0.0")));
        Assert.True(set.Contains(IPAddress.Parse("13.0.0.0")));
    }

    [Fact]
    public void Contains_EdgesOfWholeSpace_NoOverflow()
    {
        var set = Set("0.0.0.0/1", "128.0.0.0/1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

        Assert.Equal(2, set.RangeCount);
        Assert.True(set.Contains(IPAddress.Parse("255.255.255.255")));
        Assert.True(set.Contains(IPAddress.Parse("0.0.0.0")));
        Assert.True(set.Contains(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
        Assert.False(set.Contains(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")));
    }

    [Fact]
    public void Contains_ThousandsOfRanges_SameAnswerAsLinearScan()
    {
        var random = new Random(42);
        var entries = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var prefix = random.Next(8, 33);
            var value = (uint)random.NextInt64(0, 1L << 32) & (prefix == 0 ? 0 : uint.MaxValue << (32 - prefix));
            entries.Add($"{new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value)))}/{prefix}");
        }

        var set = Set([.. entries]);
        var networks = entries.Select(e => IPNetwork.Parse(e)).ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var address = new IPAddress(BitConverter.GetBytes((uint)random.NextInt64(0, 1L << 32)));
            Assert.Equal(networks.Any(n => n.Contains(address)), set.Contains(address));
        }
    }

    [Fact]
    public void Contains_Lookup_AllocatesNothing()
    {
        var set = Set("10.0.0.0/8", "2001:db8::/32");
        var v4 = IPAddress.Parse("10.1.2.3");
        var v6 = IPAddress.Parse("2001:db8::1");
        var mapped = IPAddress.Parse("::ffff:10.1.2.3");

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            set.Contains(v4);
            set.Contains(v6);
            set.Contains(mapped);
        });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Empty_ContainsNothing()
    {
        Assert.True(AddressSet.Empty.IsEmpty);
        Assert.False(AddressSet.Empty.Contains(IPAddress.Loopback));
    }
}
