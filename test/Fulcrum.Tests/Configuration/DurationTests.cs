using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1m", 60_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0.25ms", 0.25)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h2m3s4ms", 3_723_004)]
    [InlineData("2s2s", 4_000)]
    [InlineData("0s", 0)]
    [InlineData("0ms", 0)]
    [InlineData(" 5s ", 5_000)]
    [InlineData("007s", 7_000)]
    [InlineData(".5s", 500)]
    public void TryParse_ValidDuration_ReturnsMilliseconds(string text, double milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("5 seconds")]
    [InlineData("5 s")]
    [InlineData("5sec")]
    [InlineData("5S")]
    [InlineData("5MS")]
    [InlineData("-5s")]
    [InlineData("+5s")]
    [InlineData("1e3ms")]
    [InlineData("1,5s")]
    [InlineData("1.2.3s")]
    [InlineData(".s")]
    [InlineData("5s10")]
    [InlineData("5us")]
    [InlineData("00:00:05")]
    [InlineData("PT5S")]
    public void TryParse_InvalidDuration_ReturnsFalse(string text)
    {
        Assert.False(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Theory]
    [InlineData("10675200d")]
    [InlineData("99999999999999999999999h")]
    public void TryParse_BeyondTimeSpanMax_ReturnsFalse(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
    }

    [Fact]
    public void TryParse_JustBelowTimeSpanMax_Succeeds()
    {
        Assert.True(Duration.TryParse("10675199d", out var value));
        Assert.Equal(TimeSpan.FromDays(10_675_199), value);
    }

    [Theory]
    [InlineData(7_200_000, "2h")]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "90s")]
    [InlineData(10_000, "10s")]
    [InlineData(1_000, "1s")]
    [InlineData(0, "0s")]
    [InlineData(1_500, "1500ms")]
    [InlineData(250, "250ms")]
    [InlineData(0.5, "0.5ms")]
    [InlineData(86_400_000, "24h")]
    public void Format_Duration_UsesLargestWholeUnit(double milliseconds, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("500ms")]
    [InlineData("1m30s")]
    [InlineData("2h")]
    [InlineData("1.5s")]
    [InlineData("3d")]
    public void Format_ParsedDuration_ParsesBackToSameValue(string text)
    {
        Assert.True(Duration.TryParse(text, out var value));

        Assert.True(Duration.TryParse(Duration.Format(value), out var roundTripped));
        Assert.Equal(value, roundTripped);
    }
}
