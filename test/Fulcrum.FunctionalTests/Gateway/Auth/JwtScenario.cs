using System.Net;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// The usual jwt setup: a loopback issuer publishing one RSA key (<see cref="Key"/>), a spy backend, and the gateway
/// with a jwt policy on a catch-all route, started and warm (its first key fetch done).
/// </summary>
internal sealed class JwtScenario : IAsyncDisposable
{
    private JwtScenario(TestSigningKey key, JwksServer jwks, TestBackend backend, TestGateway gateway)
    {
        Key = key;
        Jwks = jwks;
        Backend = backend;
        Gateway = gateway;
    }

    public TestSigningKey Key { get; }

    public JwksServer Jwks { get; }

    /// <summary>The spy: a rejected request must never reach it.</summary>
    public TestBackend Backend { get; }

    public TestGateway Gateway { get; }

    public static async Task<JwtScenario> StartAsync(string settings = "", params TestSigningKey[] extraKeys)
    {
        var key = TestSigningKey.Rsa("rsa-1");
        var jwks = await JwksServer.StartAsync([key, .. extraKeys]);
        var backend = await TestBackend.StartAsync("spy");
        var gateway = await TestGateway.StartAsync(AuthGateway.Config(backend, AuthGateway.JwksPolicy(jwks, settings)));

        // Warm: the first key fetch is done once a token with a known kid gets anything but 503 (a policy with
        // requireClaims answers this one 403).
        var token = TestTokens.Create(key);
        await Wait.UntilAsync(async () =>
        {
            using var response = await AuthGateway.GetWithTokenAsync(gateway, token);
            return response.StatusCode != HttpStatusCode.ServiceUnavailable;
        }, "the gateway holds the issuer's keys");
        backend.ResetCounters();
        return new JwtScenario(key, jwks, backend, gateway);
    }

    public Task<HttpResponseMessage> SendAsync(string? token, string path = "/") => AuthGateway.GetWithTokenAsync(Gateway, token, path);

    /// <summary>
    /// Asserts that <paramref name="token"/> gets <paramref name="status"/> (401 by default) with a Bearer challenge
    /// naming <paramref name="error"/> and describing <paramref name="description"/>, a JSON body, and that the spy
    /// saw nothing.
    /// </summary>
    public async Task AssertRejectedAsync(string? token, string description, HttpStatusCode status = HttpStatusCode.Unauthorized, string error = "invalid_token")
    {
        using var response = await SendAsync(token);
        await AssertRejectedAsync(response, description, status, error);
    }

    public async Task AssertRejectedAsync(HttpResponseMessage response, string description, HttpStatusCode status = HttpStatusCode.Unauthorized, string error = "invalid_token")
    {
        Assert.Equal(status, response.StatusCode);
        var challenge = AuthGateway.Challenge(response);
        Assert.NotNull(challenge);
        Assert.StartsWith("Bearer realm=\"fulcrum\"", challenge);
        Assert.Contains($"error=\"{error}\"", challenge);
        Assert.Contains($"error_description=\"{description}\"", challenge);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(description, body.RootElement.GetProperty("error").GetString());
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(0, Backend.Requests);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
        await Jwks.DisposeAsync();
    }
}
