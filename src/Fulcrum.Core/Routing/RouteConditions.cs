namespace Fulcrum.Routing;

/// <summary>Compile-time checks shared by header and query conditions, which have the same shape.</summary>
internal static class RouteConditions
{
    public static void RequireExactlyOne(string what, string? value, IReadOnlyList<string>? values, string? regex, bool? present)
    {
        var given = (value is null ? 0 : 1) + (values is null ? 0 : 1) + (regex is null ? 0 : 1) + (present is null ? 0 : 1);
        if (given != 1)
        {
            throw new ArgumentException($"{what}: give exactly one of value, values, regex or present (found {given})");
        }
    }

    /// <summary>Folds <c>value</c> and <c>values</c> into one array; null when the condition is a regex or presence.</summary>
    public static string[]? Values(string what, string? value, IReadOnlyList<string>? values)
    {
        if (value is not null)
        {
            return [value];
        }

        if (values is null)
        {
            return null;
        }

        // An empty list could never match; that is a configuration mistake, not a route that should exist.
        if (values.Count == 0)
        {
            throw new ArgumentException($"{what}: values is empty, so the condition could never match");
        }

        var result = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            result[i] = values[i] ?? throw new ArgumentException($"{what}: values[{i}] is null");
        }

        return result;
    }
}
