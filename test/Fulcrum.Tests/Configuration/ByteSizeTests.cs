using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("512", 512L)]
    [InlineData("512B", 512L)]
    [InlineData("64KiB", 64L * 1024L)]
    [InlineData("10MiB", 10L * 1024L * 1024L)]
    [InlineData("1GiB", 1024L * 1024L * 1024L)]
    [InlineData("100KB", 100_000L)]
    [InlineData("100kB", 100_000L)]
    [InlineData("5MB", 5_000_000L)]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("1.5KiB", 1536L)]
    [InlineData("0.5MB", 500_000L)]
    [InlineData(" 64 KiB ", 64L * 1024L)]
    [InlineData("8GiB", 8L * 1024L * 1024L * 1024L)]
    public void TryParse_ValidSize_ReturnsBytes(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("KiB")]
    [InlineData("-1")]
    [InlineData("-1KiB")]
    [InlineData("64kib")]
    [InlineData("64KIB")]
    [InlineData("64K")]
    [InlineData("64Kb")]
    [InlineData("64mb")]
    [InlineData("1TB")]
    [InlineData("1e3")]
    [InlineData("1,5KiB")]
    [InlineData("1.2.3")]
    [InlineData("64 KiB extra")]
    [InlineData("99999999999GiB")]
    public void TryParse_InvalidSize_ReturnsFalse(string text)
    {
        Assert.False(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(0, bytes);
    }
}
