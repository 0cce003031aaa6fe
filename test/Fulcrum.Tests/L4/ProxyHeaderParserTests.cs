using System.Buffers;
using System.Net;
using System.Text;
using Fulcrum.L4.ProxyProtocol;

namespace Fulcrum.Tests.L4;

public class ProxyHeaderParserTests
{
    private static ProxyProtocolVersion Version(string name) => name == "v1" ? ProxyProtocolVersion.V1 : ProxyProtocolVersion.V2;

    private static ProxyHeaderResult Parse(string text) => ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Parse_V1Tcp4_ReadsAddressesAndLength()
    {
        var result = Parse("PROXY TCP4 203.0.113.7 198.51.100.1 4711 5432\r\nrest");

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Equal(47, result.Length);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 4711), result.Header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.1"), 5432), result.Header.Destination);
        Assert.Equal(ProxyProtocolVersion.V1, result.Header.Version);
    }

    [Fact]
    public void Parse_V1Tcp6_ReadsAddresses()
    {
        var result = Parse("PROXY TCP6 2001:db8::1 2001:db8::2 65535 1\r\n");

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 65535), result.Header.Source);
    }

    [Fact]
    public void Parse_V1Unknown_NoAddressPeerStands()
    {
        var result = Parse("PROXY UNKNOWN ffff::1 whatever\r\n");

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Null(result.Header.Source);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PROXY")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r")]
    [InlineData("\r\n\r\n\0\r\nQU")]
    public void Parse_ValidBeginning_Incomplete(string text) => Assert.Equal(ProxyHeaderStatus.Incomplete, Parse(text).Status);

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("PROXY\r\n")]
    [InlineData("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n")]
    [InlineData("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP4 256.1.1.1 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP4 ::1 5.6.7.8 1 2\r\n")]
    [InlineData("PROXY TCP6 1.2.3.4 ::1 1 2\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n")]
    [InlineData("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n")]
    [InlineData("\r\n\r\n\0\r\nQUIX\n")]
    public void Parse_Malformed_InvalidWithReason(string text)
    {
        var result = Parse(text);

        Assert.Equal(ProxyHeaderStatus.Invalid, result.Status);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }

    [Fact]
    public void Parse_V1WithoutCrlfIn107Bytes_Invalid()
    {
        var result = Parse("PROXY TCP4 " + new string('1', 120));

        Assert.Equal(ProxyHeaderStatus.Invalid, result.Status);
        Assert.Contains("107", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1", "203.0.113.7", "198.51.100.1")]
    [InlineData("v2", "203.0.113.7", "198.51.100.1")]
    [InlineData("v1", "2001:db8::7", "2001:db8::1")]
    [InlineData("v2", "2001:db8::7", "2001:db8::1")]
    [InlineData("v2", "::ffff:203.0.113.7", "198.51.100.1")]
    public void WriteThenParse_RoundTrips(string versionName, string source, string destination)
    {
        var version = Version(versionName);
        var buffer = new byte[ProxyHeaderWriter.MaxLength];
        var sourceEndPoint = new IPEndPoint(IPAddress.Parse(source), 4711);
        var destinationEndPoint = new IPEndPoint(IPAddress.Parse(destination), 443);

        var length = ProxyHeaderWriter.Write(buffer, version, sourceEndPoint, destinationEndPoint);
        var result = ProxyHeaderParser.Parse(buffer.AsSpan(0, length));

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Equal(length, result.Length);
        Assert.Equal(version, result.Header.Version);
        var expected = sourceEndPoint.Address.IsIPv4MappedToIPv6 ? sourceEndPoint.Address.MapToIPv4() : sourceEndPoint.Address;
        Assert.Equal(expected, result.Header.Source!.Address);
        Assert.Equal(4711, result.Header.Source.Port);
        Assert.Equal(443, result.Header.Destination!.Port);
    }

    [Fact]
    public void Write_V2Ipv4_MatchesTheSpecBytes()
    {
        var buffer = new byte[ProxyHeaderWriter.MaxLength];

        var length = ProxyHeaderWriter.Write(buffer, ProxyProtocolVersion.V2,
            new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1), new IPEndPoint(IPAddress.Parse("10.0.0.2"), 2));

        Assert.Equal(
            "0D0A0D0A000D0A515549540A" + "21" + "11" + "000C" + "0A000001" + "0A000002" + "0001" + "0002",
            Convert.ToHexString(buffer, 0, length));
    }

    [Theory]
    [InlineData("v1", "PROXY UNKNOWN\r\n")]
    [InlineData("v2", null)]
    public void Write_UnknownAddresses_UnknownOrLocal(string versionName, string? v1)
    {
        var version = Version(versionName);
        var buffer = new byte[ProxyHeaderWriter.MaxLength];

        var length = ProxyHeaderWriter.Write(buffer, version, null, null);
        var result = ProxyHeaderParser.Parse(buffer.AsSpan(0, length));

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Null(result.Header.Source);
        if (v1 is not null)
        {
            Assert.Equal(v1, Encoding.ASCII.GetString(buffer, 0, length));
        }
    }

    [Fact]
    public void Parse_V2Local_NoAddress()
    {
        byte[] header = [.. ProxyHeaderParser.V2Signature, 0x20, 0x11, 0x00, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2];

        var result = ProxyHeaderParser.Parse(header);

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Null(result.Header.Source);
        Assert.Equal(28, result.Length);
    }

    [Theory]
    [InlineData(0x11, 0x00, 0x08, "too short")]
    [InlineData(0x11, 0xFF, 0xFF, "longer than")]
    [InlineData(0x41, 0x00, 0x0C, "address family")]
    public void Parse_V2Broken_Invalid(byte family, byte lengthHigh, byte lengthLow, string reason)
    {
        byte[] header = [.. ProxyHeaderParser.V2Signature, 0x21, family, lengthHigh, lengthLow, .. new byte[12]];

        var result = ProxyHeaderParser.Parse(header);

        Assert.Equal(ProxyHeaderStatus.Invalid, result.Status);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_V2BadVersionOrCommand_Invalid()
    {
        byte[] version1 = [.. ProxyHeaderParser.V2Signature, 0x11, 0x11, 0x00, 0x0C];
        byte[] command2 = [.. ProxyHeaderParser.V2Signature, 0x22, 0x11, 0x00, 0x0C];

        Assert.Equal(ProxyHeaderStatus.Invalid, ProxyHeaderParser.Parse(version1).Status);
        Assert.Equal(ProxyHeaderStatus.Invalid, ProxyHeaderParser.Parse(command2).Status);
    }

    [Fact]
    public void Parse_SplitOverSegments_SameAsContiguous()
    {
        var bytes = Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 198.51.100.1 4711 5432\r\n");
        var sequence = Segments.Split(bytes, 7);

        var result = ProxyHeaderParser.Parse(sequence);

        Assert.Equal(ProxyHeaderStatus.Parsed, result.Status);
        Assert.Equal(bytes.Length, result.Length);
    }

    /// <summary>
    /// Random bytes, random prefixes of valid headers with random corruption: never an exception, Incomplete only
    /// for inputs shorter than the maximum header, and a parsed length never past the input.
    /// </summary>
    [Fact]
    public void Parse_RandomInput_NeverThrowsAndStaysBounded()
    {
        var random = new Random(20261201);
        var v1 = Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 198.51.100.1 4711 5432\r\n");
        var v2 = new byte[ProxyHeaderWriter.MaxLength];
        var v2Length = ProxyHeaderWriter.Write(v2, ProxyProtocolVersion.V2, new IPEndPoint(IPAddress.Parse("2001:db8::7"), 1), new IPEndPoint(IPAddress.Parse("2001:db8::1"), 2));
        for (var i = 0; i < 50_000; i++)
        {
            byte[] input;
            switch (i % 3)
            {
                case 0:
                    input = new byte[random.Next(0, 300)];
                    random.NextBytes(input);
                    break;
                case 1:
                    input = [.. v1.AsSpan(0, random.Next(0, v1.Length + 1))];
                    break;
                default:
                    input = [.. v2.AsSpan(0, random.Next(0, v2Length + 1))];
                    break;
            }

            if (input.Length > 0 && random.Next(2) == 0)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            var result = ProxyHeaderParser.Parse(input);

            Assert.True(result.Status != ProxyHeaderStatus.Incomplete || input.Length < ProxyHeaderParser.MaxLength);
            Assert.True(result.Length <= input.Length);
            Assert.True(result.Status != ProxyHeaderStatus.Invalid || result.Error is not null);
        }
    }
}

/// <summary>Builds multi-segment sequences, as a pipe hands them over.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var segment = new Segment(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), last);
            first ??= segment;
            last = segment;
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
