using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Inline keys: an HS256 secret (text or <c>base64:</c>) and PEM public keys (RSA and EC), no fetch at all.</summary>
public sealed class JwtInlineKeysTests
{
    private const string Secret = "a-shared-secret-of-at-least-32-bytes";

    [Theory]
    [InlineData(Secret)]
    [InlineData("base64:YS1zaGFyZWQtc2VjcmV0LW9mLWF0LWxlYXN0LTMyLWJ5dGVz")]
    public async Task Get_Hs256WithInlineSecret_AcceptedAndRsaTokenRefused(string secret)
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend,
            $"{{ type: jwt, secret: \"{secret}\", issuer: \"{TestTokens.Issuer}\", audiences: [{TestTokens.Audience}] }}"));

        using var hmac = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(TestSigningKey.Hmac("h", Secret)));
        using var wrongSecret = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(TestSigningKey.Hmac("h", Secret + "x")));
        using var rsa = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(TestSigningKey.Rsa("r")));

        Assert.Equal(HttpStatusCode.OK, hmac.StatusCode);
        Assert.Contains("the token signature is invalid", AuthGateway.Challenge(wrongSecret));
        Assert.Contains("the token algorithm is not accepted", AuthGateway.Challenge(rsa));
        Assert.Equal(1, backend.Requests);
    }

    [Fact]
    public async Task Get_RsaAndEcPemPublicKeys_BothAccepted()
    {
        var rsa = TestSigningKey.Rsa("r");
        var ec = TestSigningKey.EllipticCurve("e");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, $$"""

                type: jwt
                issuer: "{{TestTokens.Issuer}}"
                audiences: [{{TestTokens.Audience}}]
                publicKeys:
                  - |
            {{Yaml.Indent(rsa.PublicPem(), 8)}}
                  - |
            {{Yaml.Indent(ec.PublicPem(), 8)}}
            """));

        using var viaRsa = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(rsa));
        using var viaEc = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(ec));
        using var other = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(TestSigningKey.Rsa("other")));

        Assert.Equal(HttpStatusCode.OK, viaRsa.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaEc.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }
}
