using System.Net;
using System.Net.Http.Headers;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Admin;

public sealed class AdminTokenTests
{
    private const string Token = "s3cret-admin-token";

    [Theory]
    [InlineData("/api/state")]
    [InlineData("/api/config")]
    [InlineData("/metrics")]
    public async Task Get_WithoutOrWithWrongToken_401WithRightToken200(string path)
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($"admin: {{ address: 127.0.0.1:0, token: {Token} }}\n" + Yaml.SingleCluster("", b1));
        var url = gateway.AdminUrl + path;

        using var none = await gateway.Client.GetAsync(url);
        using var wrong = await SendAsync(gateway, url, "not-the-token");
        using var right = await SendAsync(gateway, url, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.First().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task PostDrain_WithoutToken_401AndNothingDrained()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($"admin: {{ address: 127.0.0.1:0, token: {Token} }}\n" + Yaml.SingleCluster("", b1));

        using var response = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/clusters/pool/destinations/b1/drain", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(gateway.Runtime.Clusters["pool"].Destinations["b1"].Draining);
    }

    [Fact]
    public async Task Probes_WithTokenConfigured_NeedNoToken()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($"admin: {{ address: 127.0.0.1:0, token: {Token} }}\n" + Yaml.SingleCluster("", b1));

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.AdminUrl + "/livez")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync(gateway.AdminUrl + "/readyz")).StatusCode);
    }

    [Fact]
    public async Task GetConfig_WithToken_TokenRedactedNamesKept()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            admin: { address: 127.0.0.1:0, token: {{Token}} }
            policies:
              keys: { type: headers, request: { remove: [X-Internal] } }
            """ + "\n" + Yaml.SingleCluster("", b1));

        using var response = await SendAsync(gateway, gateway.AdminUrl + "/api/config", Token);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(Token, text);
        Assert.Contains("\"token\":\"***\"", text);
        // A policy may be called "keys"; only settings named like secrets are masked, never user-chosen names.
        Assert.Contains("\"keys\":{", text);
        Assert.Contains("\"remove\":[\"X-Internal\"]", text);
    }

    private static Task<HttpResponseMessage> SendAsync(TestGateway gateway, string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.Client.SendAsync(request);
    }
}
