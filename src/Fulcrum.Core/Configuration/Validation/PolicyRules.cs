using Fulcrum.Gateway;

namespace Fulcrum.Configuration.Validation;

/// <summary>Each policy is checked by its own type's factory; unknown types were reported while binding.</summary>
internal static class PolicyRules
{
    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        foreach (var (name, policy) in config.Policies)
        {
            PolicyRegistry.FactoryFor(policy.Type)?.Validate(policy, $"policies.{name}", config, errors);
        }
    }
}
