using Fulcrum.Clusters;
using Fulcrum.Observability;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Health;

/// <summary>
/// Feeds one outcome (a request, or a layer 4 connect) to passive health: consecutive failures eject the
/// destination for <c>ejectFor</c>, a success resets the count. Shared by layer 7 and layer 4.
/// </summary>
internal static class PassiveHealthRecorder
{
    public static void Record(
        ClusterState state, ClusterModel cluster, DestinationState destination, bool failed, TimeProvider time, ILogger logger)
    {
        if (cluster.PassiveHealth is not { } passive)
        {
            return;
        }

        if (!failed)
        {
            destination.Health.RecordSuccess();
            return;
        }

        var now = time.GetTimestamp();
        var until = now + (long)(passive.EjectFor.TotalSeconds * time.TimestampFrequency);
        if (destination.Health.RecordFailure(passive.ConsecutiveFailures, now, until))
        {
            GatewayLog.DestinationEjected(logger, state.Name, destination.Name, passive.EjectFor);
            state.RecomputeAvailable();
        }
    }
}
