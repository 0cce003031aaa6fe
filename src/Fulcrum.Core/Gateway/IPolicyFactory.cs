using Fulcrum.Configuration;

namespace Fulcrum.Gateway;

/// <summary>Checks and compiles one policy type's config.</summary>
internal interface IPolicyFactory
{
    /// <summary>Reports every problem with <paramref name="config"/>; <paramref name="path"/> is <c>policies.NAME</c>.</summary>
    void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors);

    /// <summary>Builds the policy once per snapshot; only called on a config that validated.</summary>
    IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context);
}
