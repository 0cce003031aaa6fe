using System.Text.Json;
using Fulcrum.Configuration;

namespace Fulcrum.Admin;

/// <summary>What applying a config would change, by section and name: added, removed, changed.</summary>
internal sealed record ConfigDiff(SectionDiff Listeners, SectionDiff Routes, SectionDiff Clusters, SectionDiff Policies)
{
    public static ConfigDiff Between(GatewayConfig? current, GatewayConfig next) => new(
        SectionDiff.Between(current?.Listeners, next.Listeners),
        SectionDiff.Between(current?.Routes, next.Routes),
        SectionDiff.Between(current?.Clusters, next.Clusters),
        SectionDiff.Between(current?.Policies, next.Policies));
}

internal sealed record SectionDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed)
{
    public static SectionDiff Between<T>(IReadOnlyDictionary<string, T>? current, IReadOnlyDictionary<string, T> next)
    {
        current ??= new Dictionary<string, T>();
        var added = next.Keys.Where(name => !current.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        var removed = current.Keys.Where(name => !next.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        // Records holding lists compare lists by reference, so compare what they serialize to instead.
        var changed = next.Keys
            .Where(name => current.TryGetValue(name, out var before)
                && JsonSerializer.Serialize(before, ConfigJson.Options) != JsonSerializer.Serialize(next[name], ConfigJson.Options))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new SectionDiff(added, removed, changed);
    }
}
