using System.Net;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// <c>match.claims</c>: a route that matches on claims takes only requests whose token its jwt policy validates and
/// whose claims hold; every other request falls through to the next route (here the free tier, which refuses bad
/// tokens with its own policy).
/// </summary>
public sealed class ClaimsRoutingTests
{
    [Fact]
    public async Task Get_PremiumAndFreeTokens_RoutedToTheirClusters()
    {
        await using var setup = await Setup.StartAsync();

        var premium = await setup.SendAsync(Token(setup.Key, "premium"));
        var free = await setup.SendAsync(Token(setup.Key, "free"));
        var noTier = await setup.SendAsync(TestTokens.Create(setup.Key));

        Assert.Equal("fast", premium);
        Assert.Equal("slow", free);
        Assert.Equal("slow", noTier);
        Assert.Equal("premium", setup.Fast.Received.Single().Headers["X-Tier"]);
    }

    [Fact]
    public async Task Get_InvalidOrMissingTokenWithPremiumClaim_FallsThroughAndIsRefused()
    {
        await using var setup = await Setup.StartAsync();
        var expired = TestTokens.Claims(expiresIn: TimeSpan.FromMinutes(-5));
        expired["tier"] = "premium";
        var impostor = TestSigningKey.Rsa("rsa-1");

        foreach (var (token, description) in new (string?, string)[]
        {
            (null, "an Authorization: Bearer token is required"),
            (TestTokens.Create(setup.Key, expired), "the token has expired"),
            (Token(impostor, "premium"), "the token signature is invalid"),
            ("not-a-token", "the token is malformed"),
        })
        {
            using var response = await AuthGateway.GetWithTokenAsync(setup.Gateway, token, "/api/chat");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(description, AuthGateway.Challenge(response));
        }

        Assert.Equal(0, setup.Fast.Requests);
        Assert.Equal(0, setup.Slow.Requests);
    }

    [Fact]
    public async Task Get_PremiumTokenFromNewlyPublishedKey_NeverRoutedToFreeCluster()
    {
        await using var setup = await Setup.StartAsync("refreshCooldown: 1s");
        var rotated = TestSigningKey.EllipticCurve("ec-2");
        setup.Jwks.Publish(rotated);
        var token = Token(rotated, "premium");

        await Wait.UntilAsync(async () =>
        {
            using var response = await AuthGateway.GetWithTokenAsync(setup.Gateway, token, "/api/chat");
            return response.StatusCode == HttpStatusCode.OK;
        }, "the rotated key is accepted");

        Assert.Equal(1, setup.Fast.Requests);
        Assert.Equal(0, setup.Slow.Requests);
    }

    private static string Token(TestSigningKey key, string tier)
    {
        var claims = TestTokens.Claims();
        claims["tier"] = tier;
        return TestTokens.Create(key, claims);
    }

    private sealed class Setup : IAsyncDisposable
    {
        public required TestSigningKey Key { get; init; }

        public required JwksServer Jwks { get; init; }

        public required TestBackend Fast { get; init; }

        public required TestBackend Slow { get; init; }

        public required TestGateway Gateway { get; init; }

        public static async Task<Setup> StartAsync(string settings = "")
        {
            var key = TestSigningKey.Rsa("rsa-1");
            var jwks = await JwksServer.StartAsync(key);
            var fast = await TestBackend.StartAsync("fast");
            var slow = await TestBackend.StartAsync("slow");
            var gateway = await TestGateway.StartAsync($$"""
                listeners:
                  web: { protocol: http, address: 127.0.0.1:0 }
                routes:
                  premium: { match: { pathPrefix: /api, claims: { tier: premium } }, policies: [auth], cluster: fast }
                  free: { match: { pathPrefix: /api }, policies: [auth], cluster: slow }
                clusters:
                  fast: { destinations: {{Yaml.Destinations(fast)}} }
                  slow: { destinations: {{Yaml.Destinations(slow)}} }
                policies:
                  auth: {{AuthGateway.JwksPolicy(jwks, "forwardClaims: { tier: X-Tier }" + (settings.Length > 0 ? ", " + settings : ""))}}
                """);
            await Wait.UntilAsync(async () =>
            {
                using var response = await AuthGateway.GetWithTokenAsync(gateway, TestTokens.Create(key), "/api/warm");
                return response.StatusCode == HttpStatusCode.OK;
            }, "the gateway holds the issuer's keys");
            fast.ResetCounters();
            slow.ResetCounters();
            return new Setup { Key = key, Jwks = jwks, Fast = fast, Slow = slow, Gateway = gateway };
        }

        /// <summary>Sends <paramref name="token"/> to /api/chat and returns the backend that answered.</summary>
        public async Task<string> SendAsync(string token)
        {
            using var response = await AuthGateway.GetWithTokenAsync(Gateway, token, "/api/chat");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return answer.RootElement.GetProperty("Backend").GetString()!;
        }

        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Fast.DisposeAsync();
            await Slow.DisposeAsync();
            await Jwks.DisposeAsync();
        }
    }
}
