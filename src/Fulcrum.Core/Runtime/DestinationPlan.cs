using Fulcrum.Clusters;

namespace Fulcrum.Runtime;

/// <summary>A destination's state (kept by name, or new) and the model a reload installs on it.</summary>
internal sealed record DestinationPlan(DestinationState State, DestinationModel Model);
