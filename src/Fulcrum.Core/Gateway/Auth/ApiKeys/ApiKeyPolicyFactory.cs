using Fulcrum.Configuration;
using Fulcrum.Configuration.Validation;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Auth.ApiKeys;

internal sealed class ApiKeyPolicyFactory : IPolicyFactory
{
    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var apiKey = (ApiKeyPolicyConfig)config;
        if (apiKey.Header is { } header)
        {
            HeaderRules.Name(errors, $"{path}.header", header);
        }

        if (apiKey.Query is { } query && !IsQueryName(query))
        {
            errors.Add($"{path}.query", $"'{query}' is not a query parameter name (letters, digits, '-', '_', '.')");
        }

        if (apiKey.UpstreamHeader is { } upstream)
        {
            HeaderRules.RequestName(errors, $"{path}.upstreamHeader", upstream);
        }

        AuthRules.Realm(errors, $"{path}.realm", apiKey.Realm);
        ValidateInlineKeys(apiKey.Keys, $"{path}.keys", errors);

        if (apiKey.KeysFile is { } keysFile)
        {
            if (keysFile.Length == 0)
            {
                errors.Add($"{path}.keysFile", "a file path is required");
            }
            else
            {
                var problems = new List<string>();
                var fromFile = ApiKeysFile.Read(ResolvePath(keysFile, AuthRules.BaseDirectory(errors)), problems);
                ApiKeySet.TryCreate([.. apiKey.Keys.Select((k, i) => (k, $"keys[{i}]")), .. fromFile], problems, out _);
                foreach (var problem in problems.Where(p => !p.StartsWith("keys[", StringComparison.Ordinal)).Distinct())
                {
                    errors.Add($"{path}.keysFile", problem);
                }
            }
        }
        else if (apiKey.Keys.Count == 0)
        {
            errors.Add($"{path}.keys", "no keys: give keys, a keysFile, or both");
        }
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var apiKey = (ApiKeyPolicyConfig)config;
        var keysFile = apiKey.KeysFile is { } file ? ResolvePath(file, context.BaseDirectory) : null;
        return new ApiKeyPolicy(name, apiKey, keysFile, context.Time, context.LoggerFactory.CreateLogger<ApiKeyPolicy>());
    }

    /// <summary>A relative <c>keysFile</c> is relative to the config file's directory.</summary>
    public static string ResolvePath(string path, string baseDirectory) => Path.GetFullPath(Path.Combine(baseDirectory, path));

    private static void ValidateInlineKeys(IReadOnlyList<ApiKeyConfig> keys, string path, ConfigErrors errors)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var digests = new Dictionary<ApiKeyDigest, int>();
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (ApiKeyRules.IdProblem(key.Id) is { } problem)
            {
                errors.Add($"{path}[{i}].id", problem);
            }
            else if (!ids.TryAdd(key.Id, i))
            {
                errors.Add($"{path}[{i}].id", $"id '{key.Id}' is already used by keys[{ids[key.Id]}]");
            }

            if (!ApiKeyDigest.TryParseHex(key.Sha256, out var digest))
            {
                errors.Add($"{path}[{i}].sha256", ApiKeyRules.DigestProblem);
            }
            else if (!digests.TryAdd(digest, i))
            {
                errors.Add($"{path}[{i}].sha256", $"the same key is already listed as keys[{digests[digest]}]");
            }
        }
    }

    private static bool IsQueryName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
