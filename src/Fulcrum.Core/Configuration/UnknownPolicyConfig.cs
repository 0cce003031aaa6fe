namespace Fulcrum.Configuration;

/// <summary>Stands in for a policy whose type was missing or unknown; binding already reported it.</summary>
internal sealed record UnknownPolicyConfig : PolicyConfig;
