using System.Security.Claims;
using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class ClaimsMatcherTests
{
    private static ClaimsIdentity Identity(params (string Type, string Value)[] claims) =>
        new(claims.Select(c => new Claim(c.Type, c.Value)), "jwt");

    private static ClaimsMatcher Matcher(params (string Name, string[] Values)[] conditions) =>
        ClaimsMatcher.Compile(conditions.ToDictionary(c => c.Name, c => (IReadOnlyList<string>)c.Values))!;

    [Fact]
    public void Compile_NoConditions_ReturnsNull()
    {
        Assert.Null(ClaimsMatcher.Compile(new Dictionary<string, IReadOnlyList<string>>()));
    }

    [Theory]
    [InlineData("gold", true)]
    [InlineData("platinum", true)]
    [InlineData("Gold", false)]
    [InlineData("silver", false)]
    public void IsMatch_OneOfTheValues_ComparedWithCase(string tier, bool expected)
    {
        var matcher = Matcher(("tier", ["gold", "platinum"]));

        Assert.Equal(expected, matcher.IsMatch(Identity(("tier", tier))));
    }

    [Fact]
    public void IsMatch_ClaimMissing_False()
    {
        Assert.False(Matcher(("tier", ["gold"])).IsMatch(Identity(("sub", "alice"))));
    }

    [Fact]
    public void IsMatch_ClaimRepeatedAsArray_AnyValueMatches()
    {
        Assert.True(Matcher(("groups", ["ops"])).IsMatch(Identity(("groups", "dev"), ("groups", "ops"))));
    }

    [Fact]
    public void IsMatch_EveryConditionMustHold()
    {
        var matcher = Matcher(("tier", ["gold"]), ("region", ["eu"]));

        Assert.True(matcher.IsMatch(Identity(("tier", "gold"), ("region", "eu"))));
        Assert.False(matcher.IsMatch(Identity(("tier", "gold"), ("region", "us"))));
        Assert.Equal(2, matcher.Count);
    }

    [Theory]
    [InlineData("scope", "read write", true)]
    [InlineData("scope", "write  read", true)]
    [InlineData("scope", "reader", false)]
    [InlineData("scp", "admin read", true)]
    [InlineData("roles", "admin read", false)]
    public void IsMatch_ScopeClaims_AreSpaceSeparatedLists(string claim, string value, bool expected)
    {
        Assert.Equal(expected, Matcher((claim, ["read"])).IsMatch(Identity((claim, value))));
    }

    [Fact]
    public void Compile_EmptyValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => Matcher(("tier", [])));
        Assert.Throws<ArgumentException>(() => Matcher(("tier", [""])));
        Assert.Throws<ArgumentException>(() => Matcher(("", ["x"])));
    }

    [Fact]
    public void ToString_ListsConditionsByName()
    {
        Assert.Equal("claim region in [eu]; claim tier in [gold, platinum]", Matcher(("tier", ["gold", "platinum"]), ("region", ["eu"])).ToString());
    }
}
