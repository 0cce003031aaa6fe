using Fulcrum.Clusters;

namespace Fulcrum.Runtime;

/// <summary>What a reload will do to one cluster: its state (kept or new), its new model and destinations.</summary>
internal sealed record ClusterPlan(
    ClusterState State, bool IsNew, ClusterModel Model, IReadOnlyList<DestinationPlan> Destinations);
