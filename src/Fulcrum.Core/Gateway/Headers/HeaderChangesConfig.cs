using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Headers;

internal sealed record HeaderChangesConfig
{
    /// <summary>Header name → value, replacing any value already there.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = ConfigDefaults.EmptyMap<string>();

    public IReadOnlyList<string> Remove { get; init; } = [];
}
