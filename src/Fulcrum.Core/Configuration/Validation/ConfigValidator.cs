namespace Fulcrum.Configuration.Validation;

/// <summary>
/// Checks what binding cannot: values in range, names that refer to something, combinations that make sense.
/// Reports every problem (never stops at the first) with the key path, located through the source map.
/// </summary>
internal static class ConfigValidator
{
    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        if (config.Listeners.Count == 0)
        {
            errors.Add("listeners", "no listeners are declared: add one, such as `web: { protocol: http, address: 127.0.0.1:8080 }`");
        }

        ListenerRules.Validate(config, errors);
        RouteRules.Validate(config, errors);
        ClusterRules.Validate(config, errors);
        PolicyRules.Validate(config, errors);
        AdminRules.Validate(config, errors);
        ObservabilityRules.Validate(config, errors);
        L4Rules.Validate(config, errors);
    }

    /// <summary>Checks a reference by name and suggests the closest existing name.</summary>
    internal static void Reference<T>(ConfigErrors errors, string path, string kind, string name, IReadOnlyDictionary<string, T> known)
    {
        if (name.Length == 0)
        {
            errors.Add(path, $"a {kind} name is required");
        }
        else if (!known.ContainsKey(name))
        {
            errors.Add(path, $"unknown {kind} '{name}'{DidYouMean.Suffix(name, known.Keys)}");
        }
    }

    internal static void Positive(ConfigErrors errors, string path, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add(path, "must be greater than zero");
        }
    }

    internal static void InRange(ConfigErrors errors, string path, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add(path, $"{value} is out of range ({min} to {max})");
        }
    }

    internal static void OneOf(ConfigErrors errors, string path, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(path, $"'{value}' is not one of {string.Join(", ", allowed)}{DidYouMean.Suffix(value, allowed)}");
        }
    }

    internal static StatusCodeSet StatusCodes(ConfigErrors errors, string path, IReadOnlyList<string> items)
    {
        if (!StatusCodeSet.TryParse(items, out var set, out var error))
        {
            errors.Add(path, error!);
        }

        return set;
    }
}
