using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Fulcrum.Configuration.Loading;

/// <summary>
/// Reads a config file (YAML, or JSON which YAML reads as the same model), binds it, substitutes environment
/// variables and validates it, returning either a config or every error with its file, line, column and key.
/// </summary>
internal static class ConfigLoader
{
    public static ConfigLoadResult LoadFile(string path, Func<string, string?>? environment = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var map = new ConfigSourceMap(path);
            return ConfigLoadResult.Failed(map, [new ConfigError(new ConfigLocation(path, 0, 0), "", $"cannot read the file: {e.Message}")]);
        }

        return LoadText(text, path, environment);
    }

    public static ConfigLoadResult LoadText(string text, string fileName, Func<string, string?>? environment = null)
    {
        var sourceMap = new ConfigSourceMap(fileName);
        var errors = new ConfigErrors(sourceMap);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var location = new ConfigLocation(fileName, (int)e.Start.Line, (int)e.Start.Column);
            var message = e.InnerException?.Message ?? e.Message;
            return ConfigLoadResult.Failed(sourceMap, [new ConfigError(location, "", $"invalid YAML: {message}")]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return ConfigLoadResult.Failed(sourceMap, [new ConfigError(new ConfigLocation(fileName, 1, 1), "", "the file is empty")]);
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(new ConfigLocation(fileName, (int)stream.Documents[1].RootNode.Start.Line, 1), "", "expected one YAML document, found several");
        }

        var config = new ConfigBinder(errors, environment ?? Environment.GetEnvironmentVariable)
            .Bind<GatewayConfig>(stream.Documents[0].RootNode);
        Validation.ConfigValidator.Validate(config, errors);

        return errors.HasErrors
            ? ConfigLoadResult.Failed(sourceMap, errors.Items)
            : new ConfigLoadResult(config, [], sourceMap);
    }
}
