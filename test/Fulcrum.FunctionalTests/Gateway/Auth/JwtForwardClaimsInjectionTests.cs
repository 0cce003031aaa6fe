using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Claims forwarded as headers are the issuer's data, not protocol: CR, LF, NUL and non-ASCII are percent-encoded,
/// so a claim can never add a header (S4), and a header the client sent under a forwarded name is replaced.
/// </summary>
public sealed class JwtForwardClaimsInjectionTests
{
    [Fact]
    public async Task Get_ClaimsWithControlCharacters_ForwardedEncodedNeverInjected()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var jwks = await JwksServer.StartAsync(key);
        await using var backend = await TestBackend.StartAsync("spy");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, AuthGateway.JwksPolicy(
            jwks, "forwardClaims: { sub: X-User-Id, name: X-User-Name, groups: X-Groups, tier: X-Tier }")));
        await AuthGateway.UntilAcceptedAsync(gateway, TestTokens.Create(key));
        backend.ResetCounters();
        var claims = TestTokens.Claims(sub: "alice\r\nX-Injected: 1");
        claims["name"] = "José\u0000Smith";
        claims["groups"] = new[] { "admins", "ops\nX-Injected: 2" };

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url());
        request.Headers.Authorization = AuthGateway.Bearer(TestTokens.Create(key, claims));
        request.Headers.Add("X-Tier", "platinum");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = backend.Received.Single().Headers;
        Assert.Equal("alice%0D%0AX-Injected%3A%201", seen["X-User-Id"]);
        Assert.Equal("Jos%C3%A9%00Smith", seen["X-User-Name"]);
        Assert.Equal("admins, ops%0AX-Injected%3A%202", seen["X-Groups"]);
        Assert.False(seen.ContainsKey("X-Injected"));
        Assert.False(seen.ContainsKey("X-Tier"));
    }
}
