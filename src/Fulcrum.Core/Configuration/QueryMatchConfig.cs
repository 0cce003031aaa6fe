namespace Fulcrum.Configuration;

/// <summary>
/// One query-parameter condition; set exactly one of <see cref="Value"/>, <see cref="Values"/>, <see cref="Regex"/>
/// or <see cref="Present"/>. Values compare with case, as query values are data.
/// </summary>
internal sealed record QueryMatchConfig
{
    public string Name { get; init; } = "";
    public string? Value { get; init; }
    public IReadOnlyList<string>? Values { get; init; }
    public string? Regex { get; init; }
    public bool? Present { get; init; }
}
