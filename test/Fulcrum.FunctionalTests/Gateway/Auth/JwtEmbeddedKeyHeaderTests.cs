using System.Net;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Family 10: <c>jku</c>, <c>x5u</c> and an embedded <c>jwk</c> pointing at a honeypot issuer on 127.0.0.2 that
/// publishes the attacker's key. The gateway never reads them: the token is refused and the honeypot sees no
/// connection at all.
/// </summary>
public sealed class JwtEmbeddedKeyHeaderTests
{
    [Fact]
    public async Task Get_TokenPointingAtHoneypotKeys_Returns401AndHoneypotNeverContacted()
    {
        var attacker = TestSigningKey.Rsa("attacker-1");
        await using var honeypot = await JwksServer.StartAsync(IPAddress.Parse("127.0.0.2"), attacker);
        await using var scenario = await JwtScenario.StartAsync();
        var header = new Dictionary<string, object?>
        {
            ["jku"] = honeypot.JwksUrl,
            ["x5u"] = honeypot.BaseUrl + "/cert.pem",
            ["jwk"] = attacker.PublicJwk(),
        };

        await scenario.AssertRejectedAsync(TestTokens.Create(attacker, header: header), "the token signing key is unknown");
        header["kid"] = scenario.Key.KeyId;
        await scenario.AssertRejectedAsync(TestTokens.Create(attacker, header: header), "the token signature is invalid");
        header["kid"] = null;
        await scenario.AssertRejectedAsync(TestTokens.Create(attacker, header: header), "the token signature is invalid");

        Assert.Equal(0, honeypot.Connections);
        Assert.Equal(0, honeypot.Requests);
    }
}
