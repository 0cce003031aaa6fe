using Fulcrum.Configuration;
using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class QueryMatcherTests
{
    [Theory]
    [InlineData("?q=abc", true)]
    [InlineData("?a=1&q=abc&b=2", true)]
    [InlineData("?q=ABC", false)]
    [InlineData("?q=abcd", false)]
    [InlineData("?Q=abc", false)]
    [InlineData("?qq=abc", false)]
    [InlineData("?x=q%3Dabc", false)]
    [InlineData("", false)]
    [InlineData("?", false)]
    public void IsMatch_Value_ComparesNameAndValueWithCase(string query, bool expected)
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Value = "abc" });

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(query: query)));
    }

    [Theory]
    [InlineData("?q=a%20b")]
    [InlineData("?q=a+b")]
    [InlineData("?q=a%20b&q=other")]
    [InlineData("?other=1&q=a%20b")]
    public void IsMatch_EncodedValue_DecodesBeforeComparing(string query)
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Value = "a b" });

        Assert.True(matcher.IsMatch(TestRequests.Create(query: query)));
    }

    [Fact]
    public void IsMatch_EscapedPlus_StaysPlus()
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Value = "a+b" });

        Assert.True(matcher.IsMatch("?q=a%2Bb"));
        Assert.False(matcher.IsMatch("?q=a+b"));
    }

    [Fact]
    public void IsMatch_Utf8Escape_DecodesToUnicode()
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "city", Value = "Zürich" });

        Assert.True(matcher.IsMatch("?city=Z%C3%BCrich"));
    }

    [Fact]
    public void IsMatch_EncodedName_DecodesBeforeComparing()
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "my key", Value = "v" });

        Assert.True(matcher.IsMatch("?my%20key=v"));
        Assert.True(matcher.IsMatch("?my+key=v"));
        Assert.False(matcher.IsMatch("?my%20keys=v"));
    }

    [Fact]
    public void IsMatch_MalformedEscape_ComparesAsText()
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Value = "100%zz" });

        Assert.True(matcher.IsMatch("?q=100%zz"));
    }

    [Fact]
    public void IsMatch_LongEncodedValue_UsesPooledBuffer()
    {
        var expected = new string('x', 400) + " " + new string('y', 400);
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Value = expected });

        Assert.True(matcher.IsMatch("?q=" + new string('x', 400) + "%20" + new string('y', 400)));
    }

    [Theory]
    [InlineData("?q", true)]
    [InlineData("?q=", true)]
    [InlineData("?q=1", true)]
    [InlineData("?a=1&q", true)]
    [InlineData("?a=q", false)]
    [InlineData("?qq=1", false)]
    [InlineData("", false)]
    public void IsMatch_PresentTrue_ChecksName(string query, bool expected)
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Present = true });

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(query: query)));
    }

    [Theory]
    [InlineData("?q=1", false)]
    [InlineData("?a=1", true)]
    [InlineData("", true)]
    public void IsMatch_PresentFalse_MatchesWhenAbsent(string query, bool expected)
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Present = false });

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(query: query)));
    }

    [Theory]
    [InlineData("?v=2", true)]
    [InlineData("?v=1&v=3", true)]
    [InlineData("?v=4", false)]
    public void IsMatch_Values_MatchesAnyOccurrence(string query, bool expected)
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "v", Values = ["2", "3"] });

        Assert.Equal(expected, matcher.IsMatch(query));
    }

    [Theory]
    [InlineData("?id=12345", true)]
    [InlineData("?id=12a45", false)]
    [InlineData("?id=%31%32", true)]
    public void IsMatch_Regex_MatchesDecodedValue(string query, bool expected)
    {
        var matcher = QueryMatcher.Compile(new QueryMatchConfig { Name = "id", Regex = "^[0-9]+$" });

        Assert.Equal(expected, matcher.IsMatch(query));
    }

    [Fact]
    public void Compile_TwoConditions_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => QueryMatcher.Compile(new QueryMatchConfig { Name = "q", Value = "a", Regex = "a" }));
    }

    [Fact]
    public void Compile_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => QueryMatcher.Compile(new QueryMatchConfig { Present = true }));
    }
}
