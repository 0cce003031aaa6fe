namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// Lets one message through per interval and counts the rest, so a failure seen by every request (Redis down under
/// load) writes a line every few seconds instead of one per request. Thread-safe and allocation-free.
/// </summary>
internal sealed class ThrottledLog(TimeProvider time, TimeSpan interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private long _next = long.MinValue;
    private int _suppressed;

    public ThrottledLog(TimeProvider time)
        : this(time, DefaultInterval)
    {
    }

    /// <summary>True when a message may be written now, with how many were held back since the last one.</summary>
    public bool TryEnter(out int suppressed)
    {
        var now = time.GetTimestamp();
        var next = Volatile.Read(ref _next);
        if (now >= next)
        {
            var following = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
            if (Interlocked.CompareExchange(ref _next, following, next) == next)
            {
                suppressed = Interlocked.Exchange(ref _suppressed, 0);
                return true;
            }
        }

        Interlocked.Increment(ref _suppressed);
        suppressed = 0;
        return false;
    }
}
