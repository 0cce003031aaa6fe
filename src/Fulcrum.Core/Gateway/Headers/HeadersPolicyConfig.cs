using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Headers;

/// <summary>
/// <c>{ type: headers, request: { set: { X-A: b }, remove: [Cookie] }, response: { set: { …}, remove: [Server] } }</c>:
/// header changes shared by several routes, applied where the policy stands in the route's list.
/// </summary>
[PolicyType("headers", typeof(HeadersPolicyFactory))]
internal sealed record HeadersPolicyConfig : PolicyConfig
{
    public HeaderChangesConfig Request { get; init; } = new();

    public HeaderChangesConfig Response { get; init; } = new();
}
