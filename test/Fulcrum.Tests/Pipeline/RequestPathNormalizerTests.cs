using Fulcrum.Pipeline;
using Fulcrum.Pipeline.Transforms;
using Fulcrum.Tests.Routing;

namespace Fulcrum.Tests.Pipeline;

/// <summary>Regression: <c>//admin/x</c> missed a <c>/admin</c> route (and its policies) and was forwarded unmerged.</summary>
public class RequestPathNormalizerTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/admin/x", "/admin/x")]
    [InlineData("//admin/x", "/admin/x")]
    [InlineData("///admin//x//", "/admin/x/")]
    [InlineData("/a%2F/b", "/a%2F/b")]
    public void TryNormalize_Slashes_MergedToOne(string path, string expected)
    {
        var request = TestRequests.Create(path: path);

        Assert.True(RequestPathNormalizer.TryNormalize(request));
        Assert.Equal(expected, request.Path.Value);
    }

    [Theory]
    [InlineData("/admin\\x")]
    [InlineData("/a\\b")]
    public void TryNormalize_Backslash_Refused(string path) =>
        Assert.False(RequestPathNormalizer.TryNormalize(TestRequests.Create(path: path)));

    [Fact]
    public void TryNormalize_NothingToMerge_KeepsSameString()
    {
        var request = TestRequests.Create(path: "/a/b");
        var before = request.Path.Value;

        RequestPathNormalizer.TryNormalize(request);

        Assert.Same(before, request.Path.Value);
    }

    [Theory]
    [InlineData("//a%2Fb//c", "/a%2Fb/c", "/a%2Fb/c")]
    [InlineData("/x//a%2Fb/", "/x/a%2Fb/", "/x/a%2Fb/")]
    public void EncodedRequestPath_MergedSlashes_KeepsEncodedSlash(string rawTarget, string mergedPath, string expected) =>
        Assert.Equal(expected, EncodedRequestPath.FromRawTarget(rawTarget, mergedPath));
}
