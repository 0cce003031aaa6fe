using Fulcrum.Configuration;
using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class HeaderMatcherTests
{
    [Theory]
    [InlineData("premium", true)]
    [InlineData("PREMIUM", true)]
    [InlineData("basic", false)]
    [InlineData("premium-plus", false)]
    public void IsMatch_Value_ComparesWithoutCase(string sent, bool expected)
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Value = "premium" });

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(headers: ("x-tier", sent))));
    }

    [Fact]
    public void IsMatch_ValueAndHeaderAbsent_DoesNotMatch()
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Value = "premium" });

        Assert.False(matcher.IsMatch(TestRequests.Create()));
    }

    [Theory]
    [InlineData("gold", true)]
    [InlineData("Silver", true)]
    [InlineData("bronze", false)]
    public void IsMatch_Values_MatchesAnyListed(string sent, bool expected)
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Values = ["gold", "silver"] });

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(headers: ("X-Tier", sent))));
    }

    [Theory]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", true)]
    [InlineData("curl/8.0", false)]
    public void IsMatch_Regex_MatchesPattern(string sent, bool expected)
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "User-Agent", Regex = "iPhone|Android" });

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(headers: ("User-Agent", sent))));
    }

    [Fact]
    public void IsMatch_RegexNeedingBacktracking_StillMatches()
    {
        // A lookahead is beyond the non-backtracking engine, so this exercises the fallback.
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Id", Regex = "^(?=.*[0-9])[a-z0-9]+$" });

        Assert.True(matcher.IsMatch(TestRequests.Create(headers: ("X-Id", "abc1"))));
        Assert.False(matcher.IsMatch(TestRequests.Create(headers: ("X-Id", "abc"))));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void IsMatch_Present_ChecksPresenceOnly(bool present, bool sent, bool expected)
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Debug", Present = present });
        var request = sent ? TestRequests.Create(headers: ("X-Debug", "1")) : TestRequests.Create();

        Assert.Equal(expected, matcher.IsMatch(request));
    }

    [Fact]
    public void IsMatch_MultipleValuesOneMatching_Matches()
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Value = "premium" });

        Assert.True(matcher.IsMatch(TestRequests.Create(headers: [("X-Tier", "basic"), ("X-Tier", "Premium")])));
    }

    [Fact]
    public void IsMatch_MultipleValuesNoneMatching_DoesNotMatch()
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Regex = "^gold$" });

        Assert.False(matcher.IsMatch(TestRequests.Create(headers: [("X-Tier", "basic"), ("X-Tier", "silver")])));
    }

    [Fact]
    public void IsMatch_CommaSeparatedValue_ComparesWholeField()
    {
        var matcher = HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Value = "premium" });

        Assert.False(matcher.IsMatch(TestRequests.Create(headers: ("X-Tier", "basic, premium"))));
    }

    [Fact]
    public void Compile_TwoConditions_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Value = "a", Present = true }));

        Assert.Contains("exactly one of value, values, regex or present", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_NoCondition_Throws()
    {
        Assert.Throws<ArgumentException>(() => HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier" }));
    }

    [Fact]
    public void Compile_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => HeaderMatcher.Compile(new HeaderMatchConfig { Value = "a" }));
    }

    [Fact]
    public void Compile_EmptyValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Values = [] }));
    }

    [Fact]
    public void Compile_InvalidRegex_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => HeaderMatcher.Compile(new HeaderMatchConfig { Name = "X-Tier", Regex = "(unclosed" }));

        Assert.Contains("invalid regular expression", error.Message, StringComparison.Ordinal);
    }
}
