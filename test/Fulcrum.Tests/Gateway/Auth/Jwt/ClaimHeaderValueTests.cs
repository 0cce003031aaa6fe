using Fulcrum.Gateway.Auth.Jwt;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

public class ClaimHeaderValueTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a b%c~", "a b%c~")]
    [InlineData("a\r\nX-Admin: 1", "a%0D%0AX-Admin%3A%201")]
    [InlineData("nul\0", "nul%00")]
    [InlineData("tab\t", "tab%09")]
    [InlineData("José", "Jos%C3%A9")]
    [InlineData("del\u007f", "del%7F")]
    public void Encode_PrintableAsciiKeptOtherwisePercentEncoded(string value, string expected)
    {
        Assert.Equal(expected, ClaimHeaderValue.Encode(value));
    }
}
