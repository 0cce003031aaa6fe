namespace Fulcrum.Pipeline.Transforms;

/// <summary>Sets (replacing any value) or removes one header; <see cref="Value"/> null means remove.</summary>
internal sealed record HeaderTransform(string Name, string? Value);
