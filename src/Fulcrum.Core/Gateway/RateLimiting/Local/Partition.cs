using System.Threading.RateLimiting;

namespace Fulcrum.Gateway.RateLimiting.Local;

/// <summary>One partition's limiter, with a count of the requests using it so the sweep never frees one in use.</summary>
internal sealed class Partition(RateLimiter limiter)
{
    public RateLimiter Limiter { get; } = limiter;

    /// <summary>
    /// Requests between <see cref="LocalRateLimiter"/>'s enter and exit; negative once the sweep retired the partition
    /// (it swaps 0 for <see cref="int.MinValue"/>), after which a request looks the key up again.
    /// </summary>
    public int Users;
}
