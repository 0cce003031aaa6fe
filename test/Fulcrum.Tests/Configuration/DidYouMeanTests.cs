using Fulcrum.Configuration;

namespace Fulcrum.Tests.Configuration;

public class DidYouMeanTests
{
    private static readonly string[] Keys = ["listeners", "routes", "clusters", "policies", "admin"];

    [Theory]
    [InlineData("listener", "listeners")]
    [InlineData("listners", "listeners")]
    [InlineData("rotues", "routes")]
    [InlineData("Routes", "routes")]
    [InlineData("CLUSTERS", "clusters")]
    [InlineData("polices", "policies")]
    [InlineData("admni", "admin")]
    [InlineData("admn", "admin")]
    public void Suffix_CloseName_SuggestsIt(string given, string expected)
    {
        Assert.Equal($" (did you mean '{expected}'?)", DidYouMean.Suffix(given, Keys));
    }

    [Theory]
    [InlineData("observability")]
    [InlineData("stores")]
    [InlineData("xyzzy")]
    public void Suffix_NothingClose_ReturnsEmpty(string given)
    {
        Assert.Equal("", DidYouMean.Suffix(given, Keys));
    }

    [Fact]
    public void Suffix_NoCandidates_ReturnsEmpty()
    {
        Assert.Equal("", DidYouMean.Suffix("anything", []));
    }

    [Fact]
    public void Suffix_KeepsCandidateSpelling()
    {
        Assert.Equal(" (did you mean 'roundRobin'?)", DidYouMean.Suffix("roundrobin", ["roundRobin", "random"]));
    }

    [Fact]
    public void Suffix_ShortName_AllowsTwoEdits()
    {
        Assert.Equal(" (did you mean 'jwt'?)", DidYouMean.Suffix("jw", ["jwt", "cors"]));
        Assert.Equal("", DidYouMean.Suffix("xyz", ["abc"]));
    }

    [Fact]
    public void Suffix_LongName_AllowsAThirdOfItsLength()
    {
        // 15 characters allow 5 edits.
        Assert.Equal(" (did you mean 'consistentHash'?)", DidYouMean.Suffix("consistntHsh123", ["consistentHash"]));
        Assert.Equal("", DidYouMean.Suffix("consistntHsh123456", ["consistentHash"]));
    }

    [Fact]
    public void Suffix_SeveralCandidates_PicksClosest()
    {
        Assert.Equal(" (did you mean 'leastRequests'?)", DidYouMean.Suffix("leastRequest", ["random", "leastRequests", "first"]));
    }

    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "abd", 1)]
    [InlineData("abc", "abcd", 1)]
    [InlineData("abcd", "abc", 1)]
    [InlineData("abc", "acb", 1)]
    [InlineData("ab", "ba", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ca", "abc", 3)]
    [InlineData("Abc", "abc", 1)]
    public void Distance_Strings_CountsEditsWithTranspositions(string a, string b, int expected)
    {
        Assert.Equal(expected, DidYouMean.Distance(a, b));
        Assert.Equal(expected, DidYouMean.Distance(b, a));
    }
}
