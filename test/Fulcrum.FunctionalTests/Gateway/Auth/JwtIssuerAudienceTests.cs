using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Families 8 and 14: the wrong issuer, the wrong audience, and a token meant for another route.</summary>
public sealed class JwtIssuerAudienceTests
{
    [Fact]
    public async Task Get_WrongIssuer_Returns401IssuerNotAccepted()
    {
        await using var scenario = await JwtScenario.StartAsync();

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(issuer: "https://evil.test")), "the token issuer is not accepted");
    }

    [Fact]
    public async Task Get_WrongAudience_Returns401AudienceNotAccepted()
    {
        await using var scenario = await JwtScenario.StartAsync();

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(audience: "another-api")), "the token audience is not accepted");
    }

    [Fact]
    public async Task Get_AudienceArrayWithoutOurs_Returns401AudienceNotAccepted()
    {
        await using var scenario = await JwtScenario.StartAsync();

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(audience: new[] { "a", "b" })), "the token audience is not accepted");
    }

    [Fact]
    public async Task Get_AudienceArrayWithOurs_Accepted()
    {
        await using var scenario = await JwtScenario.StartAsync();

        using var response = await scenario.SendAsync(TestTokens.Create(scenario.Key, TestTokens.Claims(audience: new[] { "a", TestTokens.Audience })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_TokenForAnotherRoutesAudience_Returns401OnThisRoute()
    {
        var key = TestSigningKey.Rsa("rsa-1");
        await using var jwks = await JwksServer.StartAsync(key);
        await using var backend = await TestBackend.StartAsync("spy");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              billing: { match: { pathPrefix: /billing }, policies: [billing-auth], cluster: pool }
              orders: { match: { pathPrefix: /orders }, policies: [orders-auth], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              billing-auth: { type: jwt, jwksUrl: "{{jwks.JwksUrl}}", issuer: "{{TestTokens.Issuer}}", audiences: [billing] }
              orders-auth: { type: jwt, jwksUrl: "{{jwks.JwksUrl}}", issuer: "{{TestTokens.Issuer}}", audiences: [orders] }
            """);
        var ordersToken = TestTokens.Create(key, TestTokens.Claims(audience: "orders"));
        var billingToken = TestTokens.Create(key, TestTokens.Claims(audience: "billing"));
        await Wait.UntilAsync(async () =>
        {
            using var orders = await AuthGateway.GetWithTokenAsync(gateway, ordersToken, "/orders");
            using var billing = await AuthGateway.GetWithTokenAsync(gateway, billingToken, "/billing");
            return orders.IsSuccessStatusCode && billing.IsSuccessStatusCode;
        }, "each route accepts its own token");
        backend.ResetCounters();

        using var response = await AuthGateway.GetWithTokenAsync(gateway, ordersToken, "/billing");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("the token audience is not accepted", AuthGateway.Challenge(response));
        Assert.Equal(0, backend.Requests);
    }
}
