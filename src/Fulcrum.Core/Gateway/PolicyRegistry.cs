using System.Reflection;
using Fulcrum.Configuration;

namespace Fulcrum.Gateway;

/// <summary>Every policy type this build knows, found once by their <see cref="PolicyTypeAttribute"/>.</summary>
internal static class PolicyRegistry
{
    private static readonly Dictionary<string, (Type Config, IPolicyFactory Factory)> Types = Discover();

    public static IReadOnlyList<string> TypeNames { get; } = [.. Types.Keys.Order(StringComparer.Ordinal)];

    public static Type? ConfigTypeFor(string name) => Types.TryGetValue(name, out var entry) ? entry.Config : null;

    public static IPolicyFactory? FactoryFor(string name) => Types.TryGetValue(name, out var entry) ? entry.Factory : null;

    private static Dictionary<string, (Type, IPolicyFactory)> Discover()
    {
        var types = new Dictionary<string, (Type, IPolicyFactory)>(StringComparer.Ordinal);
        foreach (var type in typeof(PolicyRegistry).Assembly.GetTypes())
        {
            if (type.GetCustomAttribute<PolicyTypeAttribute>() is { } declared && typeof(PolicyConfig).IsAssignableFrom(type))
            {
                types.Add(declared.Name, (type, (IPolicyFactory)Activator.CreateInstance(declared.Factory)!));
            }
        }

        return types;
    }
}
