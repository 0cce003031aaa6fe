namespace Fulcrum.Configuration;

/// <summary>One problem with a config file: where, which key, and what is wrong.</summary>
internal sealed record ConfigError(ConfigLocation Location, string Path, string Message)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Path}: {Message}";
}
