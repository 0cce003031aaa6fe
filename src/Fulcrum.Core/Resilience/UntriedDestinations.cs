using Fulcrum.Clusters;
using Fulcrum.LoadBalancing;

namespace Fulcrum.Resilience;

/// <summary>
/// The next destination after a failure: a random available one not yet tried for this request or connection
/// (the balancer's own pick could land on the one that just failed).
/// </summary>
internal static class UntriedDestinations
{
    public static DestinationState? Pick(DestinationSet available, List<DestinationState> tried, IRandomSource random)
    {
        var untried = 0;
        foreach (var candidate in available.Items)
        {
            if (!tried.Contains(candidate))
            {
                untried++;
            }
        }

        if (untried == 0)
        {
            return null;
        }

        var chosen = random.Next(untried);
        foreach (var candidate in available.Items)
        {
            if (!tried.Contains(candidate) && chosen-- == 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
