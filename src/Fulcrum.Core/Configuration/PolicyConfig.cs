namespace Fulcrum.Configuration;

/// <summary>A named policy; its <see cref="Type"/> decides which other keys it takes.</summary>
internal sealed record PolicyConfig
{
    /// <summary>apiKey | jwt | rateLimit | ipFilter | requestSize | cors | headers.</summary>
    public string Type { get; init; } = "";

    /// <summary>Every key besides <c>type</c>, kept as written (scalars as strings, lists, maps).</summary>
    [ConfigExtensionData]
    public IReadOnlyDictionary<string, object?> Settings { get; init; } = ConfigDefaults.EmptyMap<object?>();
}
