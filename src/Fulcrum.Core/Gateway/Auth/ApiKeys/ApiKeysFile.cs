using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>
/// Reads a keys file: a YAML (or JSON) list of <c>{ id, sha256 }</c>, the shape of inline <c>keys</c>. Each entry is
/// labelled <c>file:line</c> so that every problem can be reported where it is.
/// </summary>
internal static class ApiKeysFile
{
    /// <summary>Largest file read; a keys file is a list of short lines, so anything bigger is a mistake.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>Reads and parses <paramref name="path"/>; problems (including an unreadable file) go to <paramref name="errors"/>.</summary>
    public static List<(ApiKeyConfig Key, string Where)> Read(string path, List<string> errors)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxBytes)
            {
                errors.Add($"{path}: the file is larger than {MaxBytes / (1024 * 1024)} MiB");
                return [];
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: cannot read the file: {e.Message}");
            return [];
        }

        return Parse(text, path, errors);
    }

    public static List<(ApiKeyConfig Key, string Where)> Parse(string text, string file, List<string> errors)
    {
        var keys = new List<(ApiKeyConfig, string)>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add($"{file}:{e.Start.Line}: invalid YAML: {e.InnerException?.Message ?? e.Message}");
            return keys;
        }
        catch (InvalidOperationException)
        {
            errors.Add($"{file}: invalid YAML: look for a '{{' or '[' that is not closed");
            return keys;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            // An empty file is an empty list: every key revoked is a legitimate state.
            return keys;
        }

        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            errors.Add($"{file}:{stream.Documents[0].RootNode.Start.Line}: expected a list of {{ id, sha256 }}");
            return keys;
        }

        foreach (var item in list.Children)
        {
            var where = $"{file}:{item.Start.Line}";
            if (item is not YamlMappingNode entry)
            {
                errors.Add($"{where}: expected {{ id, sha256 }}");
                continue;
            }

            string? id = null;
            string? sha256 = null;
            foreach (var (keyNode, valueNode) in entry.Children)
            {
                var name = (keyNode as YamlScalarNode)?.Value;
                var value = (valueNode as YamlScalarNode)?.Value;
                switch (name)
                {
                    case "id" when value is not null:
                        id = value;
                        break;
                    case "sha256" when value is not null:
                        sha256 = value;
                        break;
                    case "id" or "sha256":
                        errors.Add($"{file}:{valueNode.Start.Line}: {name} must be a single value");
                        break;
                    default:
                        errors.Add($"{file}:{keyNode.Start.Line}: unknown key '{name}' (expected id and sha256)");
                        break;
                }
            }

            keys.Add((new ApiKeyConfig { Id = id ?? "", Sha256 = sha256 ?? "" }, where));
        }

        return keys;
    }
}
