namespace Fulcrum.Pipeline.Transforms;

/// <summary>Sets (replacing any value) or removes one header; <see cref="Value"/> null means remove.</summary>
internal sealed record HeaderTransform(string Name, string? Value)
{
    /// <summary>
    /// A header HttpClient keeps on <c>HttpContent</c> (Content-Type, Content-Language …), decided once here because
    /// <c>HttpRequestHeaders</c> throws on such a name instead of ignoring it.
    /// </summary>
    public bool IsContentHeader { get; } = IsContentHeaderName(Name);

    private static bool IsContentHeaderName(string name)
    {
        using var request = new HttpRequestMessage();
        using var content = new ByteArrayContent([]);
        return !request.Headers.TryAddWithoutValidation(name, "") && content.Headers.TryAddWithoutValidation(name, "");
    }
}
