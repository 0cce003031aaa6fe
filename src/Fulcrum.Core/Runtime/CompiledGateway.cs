using Fulcrum.Configuration;
using Fulcrum.Gateway;
using Fulcrum.Listeners;

namespace Fulcrum.Runtime;

/// <summary>A config compiled into models, not yet live: applying it is a swap that cannot fail halfway.</summary>
internal sealed record CompiledGateway(
    GatewayConfig Config,
    IReadOnlyList<ClusterPlan> Clusters,
    IReadOnlyList<ListenerModel> Listeners,
    Dictionary<string, (string Config, IRequestPolicy Policy)> Policies);
