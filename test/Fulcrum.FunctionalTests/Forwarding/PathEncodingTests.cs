using System.Net.Sockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// Percent-encoded characters reach the backend meaning what the client meant. The backend's raw request target is
/// compared, because a decoded path cannot tell an encoded slash (<c>%2F</c>) from a literal "%2F" (<c>%252F</c>),
/// and requests are written on a raw socket, because HttpClient would normalise dot segments itself.
/// Regression: an encoded slash used to reach the backend as <c>%252F</c> (a literal "%2F"), another resource.
/// </summary>
public sealed class PathEncodingTests
{
    [Theory]
    [InlineData("", "/a%20b", "/a%20b")]
    [InlineData("", "/a%2Fb", "/a%2Fb")]
    [InlineData("", "/a%2fb", "/a%2fb")]
    [InlineData("", "/@types%2Fnode/-/node-1.0.0.tgz", "/@types%2Fnode/-/node-1.0.0.tgz")]
    [InlineData("", "/a%252Fb", "/a%252Fb")]
    [InlineData("", "/a%252Fb%2Fc", "/a%252Fb%2Fc")]
    [InlineData("", "/a%25b", "/a%25b")]
    [InlineData("", "/100%25", "/100%25")]
    [InlineData("", "/caf%C3%A9", "/caf%C3%A9")]
    [InlineData("", "/a+b;c=d", "/a+b;c=d")]
    [InlineData("", "/a?q=%20%2F%25&x=a+b", "/a?q=%20%2F%25&x=a+b")]
    [InlineData("", "/a%2Fb?q=%2F", "/a%2Fb?q=%2F")]
    // Dot segments are resolved as Kestrel resolved them for routing, so the backend gets the resource that matched.
    [InlineData("", "/x/%2E%2E/a%2Fb/./c", "/a%2Fb/c")]
    [InlineData("", "/a%2Fb/..", "/")]
    [InlineData("", "/..%2Fadmin", "/..%2Fadmin")]
    [InlineData("[{ pathRemovePrefix: /text }]", "/text/a%2Fb%20c%252F", "/a%2Fb%20c%252F")]
    [InlineData("[{ pathRemovePrefix: /text }]", "/text/a%2Fb/%2e%2e/c%2F", "/c%2F")]
    [InlineData("[{ pathRemovePrefix: /text }]", "/text%2Fa", "/text%2Fa")]
    [InlineData("[{ pathRemovePrefix: /text }]", "/text", "/")]
    [InlineData("[{ pathPrefix: /v1 }]", "/a%2Fb%25", "/v1/a%2Fb%25")]
    [InlineData("[{ pathRemovePrefix: /text }, { pathPrefix: /v1 }]", "/text/a%2Fb?x=%2F", "/v1/a%2Fb?x=%2F")]
    public async Task Get_EncodedPath_BackendSeesSameEncoding(string transforms, string requested, string expectedTarget)
    {
        await using var backend = await InlineBackend.StartAsync(context =>
        {
            var body = Encoding.UTF8.GetBytes(context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        var route = transforms.Length == 0 ? "{ cluster: b }" : $"{{ cluster: b, transforms: {transforms} }}";
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: {{route}}
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);

        Assert.Equal(expectedTarget, await GetRawAsync(gateway, requested));
    }

    /// <summary>Sends the target exactly as written and returns the response body.</summary>
    private static async Task<string> GetRawAsync(TestGateway gateway, string target)
    {
        using var client = new TcpClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), deadline.Token);
        using var response = new MemoryStream();
        await stream.CopyToAsync(response, deadline.Token);
        var text = Encoding.UTF8.GetString(response.ToArray());
        Assert.StartsWith("HTTP/1.1 200 ", text, StringComparison.Ordinal);
        return text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
    }
}
