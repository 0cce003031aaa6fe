namespace Fulcrum.Configuration;

/// <summary>
/// A named policy. <see cref="Type"/> selects the record it is bound as: each policy type declares its own
/// settings in a subclass marked with <see cref="Gateway.PolicyTypeAttribute"/>.
/// </summary>
internal abstract record PolicyConfig
{
    public string Type { get; init; } = "";
}
