using Fulcrum.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Gateway.Auth;

public class QueryParametersTests
{
    [Theory]
    [InlineData("?key=1", "")]
    [InlineData("?a=1&key=2&b=3", "?a=1&b=3")]
    [InlineData("?key=1&key=2&a", "?a")]
    [InlineData("?k%65y=1&a=%20", "?a=%20")]
    [InlineData("?a=1&&key=2", "?a=1")]
    [InlineData("?keys=1&akey=2", "?keys=1&akey=2")]
    [InlineData("?key", "")]
    public void Remove_EveryOccurrenceAfterDecodingName(string query, string expected)
    {
        Assert.Equal(expected, QueryParameters.Remove(new QueryString(query), "key").Value ?? "");
    }

    [Fact]
    public void Remove_NotPresent_SameQueryString()
    {
        var query = new QueryString("?a=1&&b");

        Assert.Equal(query, QueryParameters.Remove(query, "key"));
        Assert.Equal(QueryString.Empty, QueryParameters.Remove(QueryString.Empty, "key"));
    }
}
