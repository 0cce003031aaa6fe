using Fulcrum.Tests.Common;
using System.Net;
using System.Text;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Tests.LoadBalancing;

public class HashKeyTests
{
    [Fact]
    public void Of_Bytes_IsFnv1aFollowedByMix()
    {
        // Published FNV-1a 64 test vectors: "" is the offset basis, "a" is 0xaf63dc4c8601ec8c.
        Assert.Equal(HashKey.Mix(0xcbf29ce484222325UL), HashKey.Of(ReadOnlySpan<byte>.Empty));
        Assert.Equal(HashKey.Mix(0xaf63dc4c8601ec8cUL), HashKey.Of("a"u8));
    }

    [Fact]
    public void Of_Chars_EqualsHashOfUtf16LittleEndianBytes()
    {
        const string text = "client-ü-€-𝄞";

        Assert.Equal(HashKey.Of(Encoding.Unicode.GetBytes(text)), HashKey.Of(text.AsSpan()));
    }

    [Fact]
    public void Of_SameText_StableAcrossProcesses()
    {
        // Pinned: a change here would remap every client of every consistent-hash cluster on upgrade.
        Assert.Equal(PinnedHashOfDestinationA, HashKey.Of("destination-a"));
    }

    [Fact]
    public void Of_TextsDifferingInLastChar_DifferInHighBits()
    {
        var a = HashKey.Of("key-1");
        var b = HashKey.Of("key-2");

        Assert.NotEqual(a >> 32, b >> 32);
    }

    [Fact]
    public void Of_IPv4MappedToIPv6_EqualsIPv4()
    {
        var v4 = IPAddress.Parse("192.0.2.10");

        Assert.Equal(HashKey.Of(v4), HashKey.Of(v4.MapToIPv6()));
        Assert.Equal(HashKey.Of(new byte[] { 192, 0, 2, 10 }), HashKey.Of(v4));
    }

    [Fact]
    public void Of_DifferentAddresses_Differ()
    {
        Assert.NotEqual(HashKey.Of(IPAddress.Parse("192.0.2.10")), HashKey.Of(IPAddress.Parse("192.0.2.11")));
        Assert.NotEqual(HashKey.Of(IPAddress.Parse("2001:db8::1")), HashKey.Of(IPAddress.Parse("2001:db8::2")));
    }

    [Fact]
    public void Of_AfterWarmUp_AllocatesNothing()
    {
        var address = IPAddress.Parse("2001:db8::1");
        const string text = "session-1234";
        var sum = 0UL;

        var allocated = Allocations.SteadyStateBytes(() => sum += HashMany(address, text), iterations: 10);

        Assert.NotEqual(0UL, sum);
        Assert.Equal(0, allocated);
    }

    private const ulong PinnedHashOfDestinationA = 0xAB8BD69ABFA467ACUL;

    private static ulong HashMany(IPAddress address, string text)
    {
        var sum = 0UL;
        for (var i = 0; i < 10_000; i++)
        {
            sum += HashKey.Of(address) + HashKey.Of(text) + HashKey.Of("bytes"u8);
        }

        return sum;
    }
}
