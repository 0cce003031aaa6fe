using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// Request headers are set, replaced or removed before forwarding; response headers after. A request with a body
/// is used on purpose: content headers (Content-Type …) live apart from the others in HttpClient, and a transform
/// on either kind once made the forwarder throw (502) for any request that had a body.
/// </summary>
public sealed class HeaderTransformTests
{
    [Fact]
    public async Task Post_HeaderTransforms_AppliedBothWays()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all:
                cluster: b
                transforms:
                  - { requestHeader: X-Added, set: gateway }
                  - { requestHeader: X-Replaced, set: new }
                  - { requestHeaderRemove: x-secret }
                  - { requestHeader: Content-Type, set: application/json }
                  - { requestHeaderRemove: Content-Language }
                  - { requestHeaderRemove: Authorization }
                  - { responseHeader: X-Served-By, set: fulcrum }
                  - { responseHeader: Content-Type, set: text/plain }
                  - { responseHeaderRemove: Server }
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);

        // The backend does send a Server header, so its absence below is the transform's doing.
        using (var direct = await gateway.Client.GetAsync(backend.Address + "/"))
        {
            Assert.NotEmpty(direct.Headers.Server);
        }

        backend.ResetCounters();
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url() + "/h") { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = new("text/plain");
        request.Content.Headers.ContentLanguage.Add("en");
        request.Headers.Add("X-Replaced", "old");
        request.Headers.Add("X-Secret", "s3cret");
        request.Headers.Add("X-Kept", "k");
        request.Headers.Authorization = new("Bearer", "client-token");
        using var response = await gateway.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal("gateway", received.Headers["X-Added"]);
        Assert.Equal("new", received.Headers["X-Replaced"]);
        Assert.False(received.Headers.ContainsKey("X-Secret"));
        Assert.Equal("k", received.Headers["X-Kept"]);
        Assert.Equal("application/json", received.Headers["Content-Type"]);
        Assert.False(received.Headers.ContainsKey("Content-Language"));
        Assert.False(received.Headers.ContainsKey("Authorization"));

        Assert.Equal("fulcrum", Assert.Single(response.Headers.GetValues("X-Served-By")));
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.ToString());
        Assert.Empty(response.Headers.Server);
    }
}
