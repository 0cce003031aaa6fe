using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// The key fetch follows redirects within the issuer's origin only: a redirect to another host (the honeypot on
/// 127.0.0.2) is refused without a connection, and with no keys the gateway answers 503, never 500.
/// </summary>
public sealed class JwksRedirectTests
{
    [Fact]
    public async Task Get_JwksRedirectsToAnotherHost_NotFollowedAnd503()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var honeypot = await JwksServer.StartAsync(IPAddress.Parse("127.0.0.2"), key);
        await using var jwks = await JwksServer.StartAsync(key);
        jwks.RedirectJwksTo = honeypot.JwksUrl;
        await using var backend = await TestBackend.StartAsync("spy");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, AuthGateway.JwksPolicy(jwks)));
        await Wait.UntilAsync(() => jwks.JwksFetches > 0, "the first key fetch");

        using var response = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(key));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("the keys to verify tokens are not available yet", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, honeypot.Connections);
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task Get_JwksRedirectsWithinOrigin_Followed()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var jwks = await JwksServer.StartAsync(key);
        jwks.RedirectJwksTo = jwks.BaseUrl + "/jwks-moved";
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, AuthGateway.JwksPolicy(jwks)));

        await AuthGateway.UntilAcceptedAsync(gateway, TestTokens.Create(key));
    }
}
