using System.Text.Json;
using System.Text.Json.Nodes;
using Fulcrum.Configuration;

namespace Fulcrum.Admin;

/// <summary>
/// The effective config as JSON with secrets replaced by <c>"***"</c>: any value under a key that names a
/// secret (token, password, secret, key material, API key hashes), at any depth, including policy settings.
/// </summary>
internal static class ConfigRedaction
{
    public const string Mask = "***";

    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "secret", "password", "clientSecret", "sha256", "key", "keys", "privateKey", "connection",
    };

    /// <summary>Maps whose keys are names the user chose (a policy may well be called "keys"), not settings.</summary>
    private static readonly HashSet<string> NamedMaps = new(StringComparer.Ordinal)
    {
        "listeners", "routes", "clusters", "policies", "destinations",
    };

    public static JsonNode Redact(GatewayConfig config)
    {
        var node = JsonSerializer.SerializeToNode(config, ConfigJson.Options)!;
        Walk(node, keysAreNames: false);
        return node;
    }

    private static void Walk(JsonNode node, bool keysAreNames)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (!keysAreNames && SecretKeys.Contains(name) && obj[name] is not null)
                    {
                        obj[name] = Mask;
                    }
                    else if (obj[name] is { } child)
                    {
                        Walk(child, keysAreNames: !keysAreNames && NamedMaps.Contains(name));
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Walk(item, keysAreNames: false);
                    }
                }

                break;
        }
    }
}
