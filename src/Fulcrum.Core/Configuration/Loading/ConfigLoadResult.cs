namespace Fulcrum.Configuration.Loading;

/// <summary>A validated config, or the complete list of reasons there is none.</summary>
internal sealed record ConfigLoadResult(GatewayConfig? Config, IReadOnlyList<ConfigError> Errors, ConfigSourceMap SourceMap)
{
    public bool Succeeded => Config is not null;

    public static ConfigLoadResult Failed(ConfigSourceMap sourceMap, IReadOnlyList<ConfigError> errors) =>
        new(null, errors, sourceMap);
}
