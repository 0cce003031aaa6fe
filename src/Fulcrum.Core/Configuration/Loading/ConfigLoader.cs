using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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
        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            // Some errors carry no position. For a scanner error (a tab used as indentation) where the scanner
            // stopped is the place to look; an alias to a missing anchor is only found once the whole document is
            // read, when the scanner stands at the end, so that one keeps the start of the file.
            var mark = e.Start.Equals(Mark.Empty) && parser.Current is not (StreamEnd or DocumentEnd)
                ? scanner.CurrentPosition
                : e.Start;
            var message = e.InnerException?.Message ?? e.Message;
            return ConfigLoadResult.Failed(sourceMap, [new ConfigError(At(fileName, mark), "", $"invalid YAML: {message}")]);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these instead of a YamlException on some malformed input: an InvalidOperationException
            // for a '{' that is never closed, an ArgumentException ("the current event is of an unsupported type")
            // for a key-less ": value" line inside a block mapping, found by fuzzing. The last event it did read is
            // the closest position there is.
            var mark = parser.Current?.Start ?? scanner.CurrentPosition;
            var message = e is InvalidOperationException
                ? "invalid YAML: the text after this point cannot be parsed; look for a '{' or '[' that is not closed"
                : "invalid YAML: the text after this point cannot be parsed; look for a ':' with no key before it";
            return ConfigLoadResult.Failed(sourceMap, [new ConfigError(At(fileName, mark), "", message)]);
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

    private static ConfigLocation At(string fileName, Mark mark) => new(fileName, (int)mark.Line, (int)mark.Column);
}
