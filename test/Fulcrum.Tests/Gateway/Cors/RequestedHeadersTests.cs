using Fulcrum.Gateway.Cors;
using Fulcrum.Tests.Common;
using Microsoft.Extensions.Primitives;

namespace Fulcrum.Tests.Gateway.Cors;

public class RequestedHeadersTests
{
    [Theory]
    [InlineData("content-type", true)]
    [InlineData("Content-Type, Authorization", true)]
    [InlineData(" authorization ,\tx-request-id ", true)]
    [InlineData("accept, accept-language, content-language", true)]
    [InlineData("content-type,,authorization,", true)]
    [InlineData("", true)]
    [InlineData("x-other", false)]
    [InlineData("content-type, x-other", false)]
    [InlineData("content type", false)]
    public void AllAllowed_ListedNames_CaseIgnored(string requested, bool expected)
    {
        var headers = RequestedHeaders.Create(["Content-Type", "Authorization", "X-Request-Id"]);

        Assert.Equal(expected, headers.AllAllowed(requested));
    }

    [Fact]
    public void AllAllowed_SeveralLines_EachChecked()
    {
        var headers = RequestedHeaders.Create(["A", "B"]);

        Assert.True(headers.AllAllowed(new StringValues(["a", "b"])));
        Assert.False(headers.AllAllowed(new StringValues(["a", "c"])));
    }

    [Theory]
    [InlineData("x-anything, y-else", true)]
    [InlineData("x-anything, bad name", false)]
    [InlineData("x-\u00e9", false)]
    [InlineData("a(b)", false)]
    public void AllAllowed_Star_AnyValidToken(string requested, bool expected)
    {
        Assert.Equal(expected, RequestedHeaders.Create(["*"]).AllAllowed(requested));
    }

    [Fact]
    public void AllAllowed_HugeList_Refused()
    {
        var requested = string.Join(", ", Enumerable.Range(0, 5000).Select(i => $"x-h{i}"));

        Assert.False(RequestedHeaders.Create(["x-h1"]).AllAllowed(requested));
        Assert.True(RequestedHeaders.Create(["*"]).AllAllowed(requested));
    }

    [Fact]
    public void AllAllowed_AllocatesNothing()
    {
        var headers = RequestedHeaders.Create(["Content-Type", "Authorization"]);
        var requested = new StringValues("content-type, authorization");

        Assert.Equal(0, Allocations.SteadyStateBytes(() => headers.AllAllowed(requested)));
    }
}
