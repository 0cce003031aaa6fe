using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary><c>pathRemovePrefix</c> strips on a segment boundary, <c>pathPrefix</c> prepends; the query always survives.</summary>
public sealed class PathTransformTests
{
    private const string Remove = "[{ pathRemovePrefix: /text }]";
    private const string Add = "[{ pathPrefix: /v1 }]";
    private const string Both = "[{ pathRemovePrefix: /text }, { pathPrefix: /v1 }]";

    [Theory]
    [InlineData(Remove, "/text/a?x=1", "/a", "?x=1")]
    [InlineData(Remove, "/text/a/b/", "/a/b/", "")]
    [InlineData(Remove, "/text", "/", "")]
    [InlineData(Remove, "/text/", "/", "")]
    [InlineData(Remove, "/text?x=1&y=2", "/", "?x=1&y=2")]
    [InlineData(Remove, "/textual/a", "/textual/a", "")]
    [InlineData(Remove, "/other/text/a", "/other/text/a", "")]
    [InlineData(Add, "/a", "/v1/a", "")]
    [InlineData(Add, "/a?x=1", "/v1/a", "?x=1")]
    [InlineData(Add, "/", "/v1/", "")]
    [InlineData(Both, "/text/a?x=1", "/v1/a", "?x=1")]
    [InlineData(Both, "/text", "/v1", "")]
    [InlineData(Both, "/other", "/v1/other", "")]
    public async Task Get_PathTransforms_BackendSeesRewrittenPath(string transforms, string requested, string expectedPath, string expectedQuery)
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: b, transforms: {{transforms}} }
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);

        var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + requested);

        Assert.Equal(expectedPath, answer!.Path);
        Assert.Equal(expectedQuery, answer.Query);
    }
}
