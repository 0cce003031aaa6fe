using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// <c>{ type: ipFilter, allow: [10.0.0.0/8, 2001:db8::/32], deny: [10.6.6.6] }</c>: who may use a route, by the
/// client address resolved through the listener's <c>trustedProxies</c>. As in nginx's allow/deny, a denied
/// address is refused even when an allow entry covers it; with a non-empty <see cref="Allow"/>, an address it
/// does not cover is refused too.
/// </summary>
[PolicyType("ipFilter", typeof(IpFilterPolicyFactory))]
internal sealed record IpFilterPolicyConfig : PolicyConfig
{
    /// <summary>Addresses and CIDR ranges allowed; empty allows every address not denied.</summary>
    public IReadOnlyList<string> Allow { get; init; } = [];

    /// <summary>Addresses and CIDR ranges refused, whatever <see cref="Allow"/> says.</summary>
    public IReadOnlyList<string> Deny { get; init; } = [];
}
