namespace Fulcrum.Configuration;

/// <summary>Marks the one dictionary property that collects keys the record does not declare.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ConfigExtensionDataAttribute : Attribute;
