using System.Net;
using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Routing;

/// <summary>The seeds' example: /text, /image and /voice each reach their own pool; anything else is 404.</summary>
public sealed class DemoRoutingTests
{
    [Fact]
    public async Task Get_PathPrefixes_ReachSeparatePools()
    {
        await using var text = await TestBackend.StartAsync("text");
        await using var image = await TestBackend.StartAsync("image");
        await using var voice = await TestBackend.StartAsync("voice");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              text:  { match: { pathPrefix: /text },  cluster: text }
              image: { match: { pathPrefix: /image }, cluster: image }
              voice: { match: { pathPrefix: /voice }, cluster: voice }
            clusters:
              text:  { destinations: { t1: { address: "{{text.Address}}" } } }
              image: { destinations: { i1: { address: "{{image.Address}}" } } }
              voice: { destinations: { v1: { address: "{{voice.Address}}" } } }
            """);

        foreach (var (path, expected) in new[] { ("/text/chat", "text"), ("/image", "image"), ("/voice/x?y=1", "voice") })
        {
            var answer = await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + path);
            Assert.Equal(expected, answer!.Backend);
            Assert.Equal(path.Split('?')[0], answer.Path);
        }

        using var miss = await gateway.Client.GetAsync(gateway.Url() + "/textual");
        Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);
        Assert.Equal("application/json", miss.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no route", await miss.Content.ReadAsStringAsync());
        Assert.Equal(1, text.Requests);
    }
}
