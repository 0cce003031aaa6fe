namespace Fulcrum.Gateway;

/// <summary>
/// Declares a policy type: put it on the type's config record (a <see cref="Configuration.PolicyConfig"/>
/// subclass) with the name used in YAML and the factory that validates and compiles it. The registry finds
/// every declared type by reflection, so adding a policy touches no shared file.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class PolicyTypeAttribute(string name, Type factory) : Attribute
{
    public string Name { get; } = name;

    /// <summary>A class implementing <see cref="IPolicyFactory"/> with a parameterless constructor.</summary>
    public Type Factory { get; } = factory;
}
