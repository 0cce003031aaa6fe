using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Tokens signed with RS256 and ES256 keys from a JWKS pass, and the backend sees who they are for.</summary>
public sealed class JwtJwksValidTokenTests
{
    [Fact]
    public async Task Get_ValidRs256AndEs256Tokens_ForwardedWithClaimsAndWithoutToken()
    {
        var rsa = TestSigningKey.Rsa("rsa-1");
        var ec = TestSigningKey.EllipticCurve("ec-1");
        await using var jwks = await JwksServer.StartAsync(rsa, ec);
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, AuthGateway.JwksPolicy(
            jwks, "forwardClaims: { sub: X-User-Id, tier: X-Tier }"), extra: ""));

        var claims = TestTokens.Claims(sub: "alice");
        claims["tier"] = "gold";
        var rsaToken = TestTokens.Create(rsa, claims);
        await AuthGateway.UntilAcceptedAsync(gateway, rsaToken);
        backend.ResetCounters();

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/orders");
        request.Headers.Authorization = AuthGateway.Bearer(rsaToken);
        request.Headers.Add("X-User-Id", "mallory");
        using var viaRsa = await gateway.Client.SendAsync(request);
        using var viaEc = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(ec, TestTokens.Claims(sub: "bob")));

        Assert.Equal(HttpStatusCode.OK, viaRsa.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaEc.StatusCode);
        var seen = backend.Received.ToArray();
        Assert.Equal("alice", seen[0].Headers["X-User-Id"]);
        Assert.Equal("gold", seen[0].Headers["X-Tier"]);
        Assert.False(seen[0].Headers.ContainsKey("Authorization"));
        Assert.Equal("bob", seen[1].Headers["X-User-Id"]);
        Assert.False(seen[1].Headers.ContainsKey("X-Tier"));
        Assert.Equal(1, jwks.JwksFetches);
    }
}
