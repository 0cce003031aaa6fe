using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// With <c>authority</c>, keys and the issuer come from OpenID Connect discovery; a discovery document whose issuer
/// is not the authority (OpenID Connect Discovery §4.3) is refused, so no key from it is ever trusted.
/// </summary>
public sealed class JwtOidcDiscoveryTests
{
    [Fact]
    public async Task Get_AuthorityDiscovery_IssuerAndKeysDiscovered()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var issuer = await JwksServer.StartAsync(key);
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: jwt, authority: \"{issuer.BaseUrl}\", audiences: [{TestTokens.Audience}] }}"));

        await AuthGateway.UntilAcceptedAsync(gateway, TestTokens.Create(key, TestTokens.Claims(issuer: issuer.BaseUrl)));
        using var foreign = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(key, TestTokens.Claims(issuer: TestTokens.Issuer)));

        Assert.Equal(HttpStatusCode.Unauthorized, foreign.StatusCode);
        Assert.Contains("the token issuer is not accepted", AuthGateway.Challenge(foreign));
        Assert.Equal(1, issuer.DiscoveryFetches);
        Assert.Equal(1, issuer.JwksFetches);
    }

    [Fact]
    public async Task Get_DiscoveryNamesAnotherIssuer_KeysNeverTrusted()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var issuer = await JwksServer.StartAsync(key);
        issuer.IssuerOverride = "https://impostor.test";
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: jwt, authority: \"{issuer.BaseUrl}\", audiences: [{TestTokens.Audience}] }}"));
        await Wait.UntilAsync(() => issuer.DiscoveryFetches > 0, "the discovery fetch");
        await Wait.UntilAsync(() => AuthGateway.JwtPolicyOf(gateway).KeySource is Fulcrum.Gateway.Auth.Jwt.RemoteSigningKeySource { Pending: null }, "the fetch ended");

        using var response = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(key, TestTokens.Claims(issuer: "https://impostor.test")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, issuer.JwksFetches);
        Assert.Equal(0, backend.Requests);
    }
}
