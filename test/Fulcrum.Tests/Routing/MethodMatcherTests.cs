using Fulcrum.Routing;

namespace Fulcrum.Tests.Routing;

public class MethodMatcherTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("get", true)]
    [InlineData("Post", true)]
    [InlineData("PUT", false)]
    [InlineData("GETX", false)]
    public void IsMatch_Method_ComparesWithoutCase(string method, bool expected)
    {
        var matcher = MethodMatcher.Create(["GET", "POST"]);

        Assert.Equal(expected, matcher.IsMatch(TestRequests.Create(method: method)));
    }

    [Fact]
    public void IsMatch_ExtensionMethod_Matches()
    {
        var matcher = MethodMatcher.Create(["PROPFIND"]);

        Assert.True(matcher.IsMatch("propfind"));
        Assert.False(matcher.IsMatch("GET"));
    }

    [Fact]
    public void Create_DuplicateMethods_KeepsOne()
    {
        var matcher = MethodMatcher.Create(["GET", "get", "POST"]);

        Assert.Equal(["GET", "POST"], matcher.Methods);
    }

    [Theory]
    [InlineData("")]
    [InlineData("GET POST")]
    public void Create_NotAMethod_Throws(string method)
    {
        Assert.Throws<ArgumentException>(() => MethodMatcher.Create([method]));
    }

    [Fact]
    public void Create_Empty_Throws()
    {
        Assert.Throws<ArgumentException>(() => MethodMatcher.Create([]));
    }
}
