using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Keys for the apiKey tests and the digests the config holds.</summary>
internal static class TestApiKeys
{
    public const string Alice = "ak_live_alice_5f2b9c0e1d7a4e3f";
    public const string Bob = "ak_live_bob_8c1d2e3f4a5b6c7d";
    public const string Carol = "ak_live_carol_0a9b8c7d6e5f4a3b";

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A flow list of inline keys: <c>[{ id: alice, sha256: "…" }, …]</c>.</summary>
    public static string Inline(params (string Id, string Key)[] keys) =>
        "[" + string.Join(", ", keys.Select(k => $"{{ id: {k.Id}, sha256: \"{Sha256(k.Key)}\" }}")) + "]";

    /// <summary>A keys file's text, as YAML.</summary>
    public static string File(params (string Id, string Key)[] keys) =>
        string.Concat(keys.Select(k => $"- id: {k.Id}\n  sha256: {Sha256(k.Key)}\n"));

    public static async Task<HttpResponseMessage> GetAsync(Infrastructure.TestGateway gateway, string? key, string path = "/", string header = "X-Api-Key")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + path);
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(header, key);
        }

        return await gateway.Client.SendAsync(request);
    }
}
