namespace Fulcrum.Configuration.Validation;

/// <summary>
/// Policies are declared by type. This build knows the type names but enforces none of them yet, so attaching
/// one to a route is refused: a route that silently skipped its auth or rate limit would be worse than an error.
/// </summary>
internal static class PolicyRules
{
    public static readonly IReadOnlyList<string> Types = ["apiKey", "jwt", "rateLimit", "ipFilter", "requestSize", "cors", "headers"];

    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        foreach (var (name, policy) in config.Policies)
        {
            if (policy.Type.Length == 0)
            {
                errors.Add($"policies.{name}.type", $"a policy type is required: one of {string.Join(", ", Types)}");
            }
            else
            {
                ConfigValidator.OneOf(errors, $"policies.{name}.type", policy.Type, Types);
            }
        }

        foreach (var (name, route) in config.Routes)
        {
            for (var i = 0; i < route.Policies.Count; i++)
            {
                if (config.Policies.TryGetValue(route.Policies[i], out var policy) && Types.Contains(policy.Type))
                {
                    errors.Add($"routes.{name}.policies[{i}]", $"policy type '{policy.Type}' is not enforced by this build yet; remove it from the route");
                }
            }
        }
    }
}
