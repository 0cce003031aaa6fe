using Fulcrum.L4.ProxyProtocol;

namespace Fulcrum.Tests.L4;

/// <summary>
/// Regression (found by Security/L4GarbageTests): a v2 header whose TLV claimed more bytes than the header held was
/// accepted, and the connection forwarded with its addresses believed. The TLVs must tile the header exactly.
/// </summary>
public class ProxyHeaderParserTlvTests
{
    private static readonly byte[] Ipv4Addresses = [203, 0, 113, 7, 198, 51, 100, 1, 0x12, 0x67, 0x15, 0x38];

    private static byte[] V2(params byte[] tlvs) =>
        [.. ProxyHeaderParser.V2Signature, 0x21, 0x11, 0, (byte)(12 + tlvs.Length), .. Ipv4Addresses, .. tlvs];

    [Theory]
    [InlineData(new byte[] { 0x02, 0x00, 0x05, (byte)'a', (byte)'.', (byte)'c', (byte)'o', (byte)'m' })]
    [InlineData(new byte[] { 0x02, 0x00, 0x01, (byte)'a', 0x04, 0x00, 0x00 })]
    [InlineData(new byte[0])]
    public void Parse_TlvsFillTheHeader_Parsed(byte[] tlvs) =>
        Assert.Equal(ProxyHeaderStatus.Parsed, ProxyHeaderParser.Parse(V2(tlvs)).Status);

    [Theory]
    [InlineData(new byte[] { 0x01, 0x00, 0xFF, (byte)'a', (byte)'b' })]
    [InlineData(new byte[] { 0x02, 0x00, 0x05, (byte)'a' })]
    [InlineData(new byte[] { 0x02, 0x00 })]
    [InlineData(new byte[] { 0x02, 0x00, 0x01, (byte)'a', 0x04 })]
    public void Parse_TlvRunsPastTheHeader_Invalid(byte[] tlvs)
    {
        var result = ProxyHeaderParser.Parse(V2(tlvs));

        Assert.Equal(ProxyHeaderStatus.Invalid, result.Status);
        Assert.Contains("TLV", result.Error, StringComparison.Ordinal);
    }
}
