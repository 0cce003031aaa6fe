using System.Net.Http.Headers;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Config text and requests the auth tests share.</summary>
internal static class AuthGateway
{
    /// <summary>One listener, one catch-all route through policy <c>auth</c> (given as a flow map) to <paramref name="backend"/>.</summary>
    public static string Config(TestBackend backend, string authPolicy, string extra = "") => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          all: { match: { pathPrefix: / }, policies: [auth], cluster: pool }
        clusters:
          pool: { destinations: {{Yaml.Destinations(backend)}} }
        policies:
          auth: {{authPolicy}}
        {{extra}}
        """;

    /// <summary>A jwt policy trusting <paramref name="jwks"/>, for <see cref="TestTokens.Issuer"/> and <see cref="TestTokens.Audience"/>.</summary>
    public static string JwksPolicy(JwksServer jwks, string settings = "") =>
        $"{{ type: jwt, jwksUrl: \"{jwks.JwksUrl}\", issuer: \"{TestTokens.Issuer}\", audiences: [{TestTokens.Audience}]{(settings.Length == 0 ? "" : ", " + settings)} }}";

    public static async Task<HttpResponseMessage> GetWithTokenAsync(TestGateway gateway, string? token, string path = "/")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }

        return await gateway.Client.SendAsync(request);
    }

    /// <summary>Waits until the gateway accepts <paramref name="token"/> (its first key fetch is done).</summary>
    public static Task UntilAcceptedAsync(TestGateway gateway, string token) =>
        Wait.UntilAsync(async () =>
        {
            using var response = await GetWithTokenAsync(gateway, token);
            return response.IsSuccessStatusCode;
        }, "the gateway accepts a valid token");

    /// <summary>The compiled jwt policy of <paramref name="route"/>, to observe its key source.</summary>
    public static Fulcrum.Gateway.Auth.Jwt.JwtPolicy JwtPolicyOf(TestGateway gateway, string route = "all") =>
        gateway.Runtime.Listeners["web"].Model.Routes.OrderedRoutes.Single(r => r.Name == route).Policies
            .OfType<Fulcrum.Gateway.Auth.Jwt.JwtPolicy>().First();

    public static string? Challenge(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Count == 0 ? null : string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString()));

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
