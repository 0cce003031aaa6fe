using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>A token in a configured header, cookie or query parameter is read from there and removed before forwarding.</summary>
public sealed class JwtTokenLocationTests
{
    [Fact]
    public async Task Get_TokenInConfiguredHeader_AcceptedAndHeaderRemoved()
    {
        await using var setup = await StartAsync("header: X-Token");
        using var request = new HttpRequestMessage(HttpMethod.Get, setup.Gateway.Url() + "/a");
        request.Headers.Add("X-Token", setup.Token);

        using var response = await setup.Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(setup.Backend.Received.Single().Headers.ContainsKey("X-Token"));
    }

    [Fact]
    public async Task Get_TokenInConfiguredCookie_AcceptedAndOnlyThatCookieRemoved()
    {
        await using var setup = await StartAsync("cookie: session");
        using var request = new HttpRequestMessage(HttpMethod.Get, setup.Gateway.Url() + "/a");
        request.Headers.Add("Cookie", $"theme=dark; session={setup.Token}; lang=en");

        using var response = await setup.Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("theme=dark; lang=en", setup.Backend.Received.Single().Headers["Cookie"]);
    }

    [Fact]
    public async Task Get_TokenInConfiguredQuery_AcceptedAndParameterRemoved()
    {
        await using var setup = await StartAsync("query: access_token");

        using var response = await setup.Gateway.Client.GetAsync(setup.Gateway.Url() + $"/a?x=1&access_token={setup.Token}&y=2");
        using var missing = await setup.Gateway.Client.GetAsync(setup.Gateway.Url() + "/a?x=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("?x=1&y=2", setup.Backend.Received.Single().Query);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("a token in the access_token query parameter is required", AuthGateway.Challenge(missing));
    }

    private static async Task<Setup> StartAsync(string location)
    {
        var key = TestSigningKey.EllipticCurve("ec-1");
        var jwks = await JwksServer.StartAsync(key);
        var backend = await TestBackend.StartAsync("b1");
        var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, AuthGateway.JwksPolicy(jwks, location)));
        var token = TestTokens.Create(key);

        // Warm up through the policy's own location, then forget what the backend saw.
        await Wait.UntilAsync(() => jwks.JwksFetches > 0, "the first key fetch");
        await Wait.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/warm" + (location.StartsWith("query", StringComparison.Ordinal) ? "?access_token=" + token : ""));
            request.Headers.TryAddWithoutValidation("X-Token", token);
            request.Headers.TryAddWithoutValidation("Cookie", "session=" + token);
            using var response = await gateway.Client.SendAsync(request);
            return response.StatusCode != HttpStatusCode.ServiceUnavailable;
        }, "the keys are loaded");
        backend.ResetCounters();
        return new Setup(jwks, backend, gateway, token);
    }

    private sealed record Setup(JwksServer Jwks, TestBackend Backend, TestGateway Gateway, string Token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Backend.DisposeAsync();
            await Jwks.DisposeAsync();
        }
    }
}
