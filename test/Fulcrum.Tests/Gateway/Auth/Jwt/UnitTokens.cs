using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

/// <summary>HS256 tokens minted by hand, for the unit tests of the jwt policy with an inline secret.</summary>
internal static class UnitTokens
{
    public const string Secret = "0123456789abcdef0123456789abcdef";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "api";

    public static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, object> Claims(TimeSpan? expiresIn = null) => new()
    {
        ["iss"] = Issuer,
        ["aud"] = Audience,
        ["sub"] = "alice",
        ["exp"] = Now.Add(expiresIn ?? TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(),
    };

    public static string Create(Dictionary<string, object>? claims = null, string header = """{"alg":"HS256","typ":"JWT"}""", string secret = Secret) =>
        Sign(header, JsonSerializer.Serialize(claims ?? Claims()), secret);

    public static string Sign(string headerJson, string payloadJson, string secret = Secret)
    {
        var input = Encode(headerJson) + "." + Encode(payloadJson);
        return input + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(input)));
    }

    public static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
}
