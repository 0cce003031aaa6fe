namespace Fulcrum.Configuration;

/// <summary>
/// One header condition; set exactly one of <see cref="Value"/>, <see cref="Values"/>, <see cref="Regex"/> or
/// <see cref="Present"/>. Values compare without case, as header values usually do.
/// </summary>
internal sealed record HeaderMatchConfig
{
    public string Name { get; init; } = "";
    public string? Value { get; init; }
    public IReadOnlyList<string>? Values { get; init; }
    public string? Regex { get; init; }
    public bool? Present { get; init; }
}
