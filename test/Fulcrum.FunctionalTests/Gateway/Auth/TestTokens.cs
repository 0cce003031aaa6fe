using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Mints compact JWS by hand (header and payload JSON as given, signed with a test key), so tests can build the
/// malformed and hostile tokens a library would refuse to create.
/// </summary>
internal static class TestTokens
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "fulcrum-api";

    /// <summary>A valid token's claims: issuer, audience, subject, and a lifetime around now.</summary>
    public static Dictionary<string, object> Claims(string sub = "alice", TimeSpan? expiresIn = null, object? audience = null, string issuer = Issuer)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now.Add(expiresIn ?? TimeSpan.FromMinutes(10));
        var issued = (expires < now ? expires : now).AddMinutes(-1);
        return new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience ?? Audience,
            ["sub"] = sub,
            ["iat"] = issued.ToUnixTimeSeconds(),
            ["nbf"] = issued.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
    }

    /// <summary>A token signed by <paramref name="key"/>; <paramref name="header"/> entries replace the defaults, null removes one.</summary>
    public static string Create(TestSigningKey key, Dictionary<string, object>? claims = null, Dictionary<string, object?>? header = null)
    {
        var head = new Dictionary<string, object> { ["alg"] = key.Algorithm, ["typ"] = "JWT", ["kid"] = key.KeyId };
        foreach (var (name, value) in header ?? [])
        {
            if (value is null)
            {
                head.Remove(name);
            }
            else
            {
                head[name] = value;
            }
        }

        return Sign(key, JsonSerializer.Serialize(head), JsonSerializer.Serialize(claims ?? Claims()));
    }

    /// <summary>Header and payload exactly as written, signed by <paramref name="key"/> (or by <paramref name="sign"/>).</summary>
    public static string Sign(TestSigningKey key, string headerJson, string payloadJson) =>
        SignWith(key.Sign, headerJson, payloadJson);

    public static string SignWith(Func<byte[], byte[]> sign, string headerJson, string payloadJson)
    {
        var input = Encode(headerJson) + "." + Encode(payloadJson);
        return input + "." + Base64UrlEncoder.Encode(sign(Encoding.ASCII.GetBytes(input)));
    }

    public static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
