using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class StatusCodeSetTests
{
    [Fact]
    public void TryParse_SingleCode_ContainsOnlyThatCode()
    {
        Assert.True(StatusCodeSet.TryParse(["503"], out var set, out var error));

        Assert.Null(error);
        Assert.True(set.Contains(503));
        Assert.False(set.Contains(502));
        Assert.False(set.Contains(504));
        Assert.False(set.IsEmpty);
    }

    [Theory]
    [InlineData("5xx")]
    [InlineData("5XX")]
    [InlineData("5Xx")]
    public void TryParse_Class_ContainsWholeHundred(string item)
    {
        Assert.True(StatusCodeSet.TryParse([item], out var set, out _));

        Assert.True(set.Contains(500));
        Assert.True(set.Contains(599));
        Assert.False(set.Contains(499));
        Assert.False(set.Contains(600));
    }

    [Fact]
    public void TryParse_Range_ContainsBothEnds()
    {
        Assert.True(StatusCodeSet.TryParse(["500-504"], out var set, out _));

        Assert.False(set.Contains(499));
        Assert.True(set.Contains(500));
        Assert.True(set.Contains(502));
        Assert.True(set.Contains(504));
        Assert.False(set.Contains(505));
    }

    [Fact]
    public void TryParse_SeveralItems_IsTheirUnion()
    {
        Assert.True(StatusCodeSet.TryParse(["2xx", " 301 - 302 ", "404", "429"], out var set, out _));

        int[] inside = [200, 250, 299, 301, 302, 404, 429];
        int[] outside = [100, 300, 303, 403, 405, 428, 430, 500];
        Assert.All(inside, code => Assert.True(set.Contains(code), $"{code} should be in the set"));
        Assert.All(outside, code => Assert.False(set.Contains(code), $"{code} should not be in the set"));
    }

    [Fact]
    public void TryParse_FullRange_ContainsEveryCode()
    {
        Assert.True(StatusCodeSet.TryParse(["100-599"], out var set, out _));

        for (var code = 100; code <= 599; code++)
        {
            Assert.True(set.Contains(code));
        }

        Assert.False(set.Contains(99));
        Assert.False(set.Contains(600));
    }

    [Fact]
    public void TryParse_NoItems_IsEmpty()
    {
        Assert.True(StatusCodeSet.TryParse([], out var set, out var error));

        Assert.Null(error);
        Assert.True(set.IsEmpty);
        Assert.False(set.Contains(500));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(639)]
    [InlineData(640)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Contains_CodeOutsideStatusRange_ReturnsFalse(int status)
    {
        Assert.True(StatusCodeSet.TryParse(["100-599"], out var set, out _));

        Assert.False(set.Contains(status));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("99")]
    [InlineData("600")]
    [InlineData("1000")]
    [InlineData("6xx")]
    [InlineData("0xx")]
    [InlineData("5x")]
    [InlineData("50x")]
    [InlineData("504-500")]
    [InlineData("500-")]
    [InlineData("-500")]
    [InlineData("500-600")]
    [InlineData("+500")]
    [InlineData("500.0")]
    [InlineData("500,502")]
    public void TryParse_InvalidItem_ReportsItem(string item)
    {
        Assert.False(StatusCodeSet.TryParse(["200", item], out var set, out var error));

        Assert.Equal($"'{item}' is not a status code, a class such as 5xx, or a range such as 500-504", error);
        Assert.Same(StatusCodeSet.Empty, set);
    }
}
