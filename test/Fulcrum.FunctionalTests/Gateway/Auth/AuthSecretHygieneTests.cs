using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// S10: keys, key digests, tokens and secrets never appear in the access log, the metrics or the admin API's
/// config — not even for refused requests that carried them in the query string. The access log names the consumer;
/// refusals are counted by reason.
/// </summary>
public sealed class AuthSecretHygieneTests : IDisposable
{
    private const string Secret = "a-shared-secret-of-at-least-32-bytes";
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"fulcrum-auth-access-{Guid.NewGuid():N}.log");

    [Fact]
    public async Task Requests_WithKeysAndTokens_NoSecretInLogsMetricsOrConfig()
    {
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            admin: { address: 127.0.0.1:0 }
            observability: { accessLog: { format: json, path: "{{_log}}" } }
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              keys: { match: { pathPrefix: /keys }, policies: [keys], cluster: pool }
              tokens: { match: { pathPrefix: /tokens }, policies: [tokens], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(backend)}} }
            policies:
              keys: { type: apiKey, query: api_key, header: X-Api-Key, keys: {{TestApiKeys.Inline(("alice", TestApiKeys.Alice))}} }
              tokens: { type: jwt, secret: "{{Secret}}", query: access_token, issuer: "{{TestTokens.Issuer}}", audiences: [{{TestTokens.Audience}}] }
            """);
        var token = TestTokens.Create(TestSigningKey.Hmac("h", Secret), TestTokens.Claims(sub: "bob"));
        var expired = TestTokens.Create(TestSigningKey.Hmac("h", Secret), TestTokens.Claims(expiresIn: TimeSpan.FromHours(-1)));
        var statuses = new List<HttpStatusCode>();
        foreach (var path in new[]
        {
            $"/keys/a?api_key={TestApiKeys.Alice}",
            $"/keys/b?api_key={TestApiKeys.Bob}",
            $"/tokens/a?access_token={token}",
            $"/tokens/b?access_token={expired}",
        })
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + path);
            statuses.Add(response.StatusCode);
        }

        using (var viaHeader = await TestApiKeys.GetAsync(gateway, TestApiKeys.Alice, "/keys/c"))
        {
            statuses.Add(viaHeader.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK], statuses);
        await Wait.UntilAsync(() => File.Exists(_log) && File.ReadAllLines(_log).Length >= 5, "five access log lines");
        var log = await File.ReadAllTextAsync(_log);
        var metrics = await gateway.Client.GetStringAsync(gateway.AdminUrl + "/metrics");
        var config = await gateway.Client.GetStringAsync(gateway.AdminUrl + "/api/config");

        foreach (var secret in new[] { TestApiKeys.Alice, TestApiKeys.Bob, TestApiKeys.Sha256(TestApiKeys.Alice), token, expired, Secret })
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, config, StringComparison.Ordinal);
        }

        Assert.Contains("fulcrum_auth_rejections_total{", metrics);
        Assert.Contains("reason=\"invalid\"", metrics);
        Assert.Contains("reason=\"expired\"", metrics);
        Assert.Contains("\"consumer\":\"alice\"", log);
        Assert.Contains("\"consumer\":\"bob\"", log);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_log);
        }
        catch (IOException)
        {
        }
    }
}
