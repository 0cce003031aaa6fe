namespace Fulcrum.Configuration;

internal static class ConfigDefaults
{
    public static IReadOnlyDictionary<string, T> EmptyMap<T>() => EmptyDictionary<T>.Instance;

    private static class EmptyDictionary<T>
    {
        public static readonly IReadOnlyDictionary<string, T> Instance = new Dictionary<string, T>(StringComparer.Ordinal);
    }
}
