namespace Fulcrum.Health;

/// <summary>
/// The health verdicts about one destination. Active probes and passive observation each keep their own
/// verdict; the destination is available when neither says otherwise.
/// </summary>
internal sealed class DestinationHealth
{
    private volatile HealthVerdict _active = HealthVerdict.Unknown;
    private long _ejectedUntilTicks;
    private int _consecutiveFailures;
    private int _probeSuccesses;
    private int _probeFailures;

    /// <summary>Unknown until the first probes decide; an unknown destination receives traffic.</summary>
    public HealthVerdict Active => _active;

    /// <summary>Timestamp (TimeProvider ticks) until which passive health keeps the destination out.</summary>
    public long EjectedUntil => Interlocked.Read(ref _ejectedUntilTicks);

    public bool IsEjected(long now) => now < EjectedUntil;

    public bool IsAvailable(long now) => _active != HealthVerdict.Unhealthy && !IsEjected(now);

    /// <summary>Records a probe result; returns true when the verdict changed.</summary>
    public bool RecordProbe(bool success, int healthyAfter, int unhealthyAfter)
    {
        if (success)
        {
            _probeFailures = 0;
            var successes = ++_probeSuccesses;
            if (_active != HealthVerdict.Healthy && (successes >= healthyAfter || _active == HealthVerdict.Unknown))
            {
                _active = HealthVerdict.Healthy;
                return true;
            }
        }
        else
        {
            _probeSuccesses = 0;
            var failures = ++_probeFailures;
            if (_active != HealthVerdict.Unhealthy && failures >= unhealthyAfter)
            {
                _active = HealthVerdict.Unhealthy;
                return true;
            }
        }

        return false;
    }

    /// <summary>Forgets active verdicts when active checks are turned off by a reload.</summary>
    public void ResetActive()
    {
        _active = HealthVerdict.Unknown;
        _probeSuccesses = 0;
        _probeFailures = 0;
    }

    /// <summary>Counts a failed request; returns true when this failure ejects the destination.</summary>
    public bool RecordFailure(int threshold, long now, long ejectUntil)
    {
        if (Interlocked.Increment(ref _consecutiveFailures) < threshold || IsEjected(now))
        {
            return false;
        }

        Interlocked.Exchange(ref _consecutiveFailures, 0);
        Interlocked.Exchange(ref _ejectedUntilTicks, ejectUntil);
        return true;
    }

    public void RecordSuccess()
    {
        if (Volatile.Read(ref _consecutiveFailures) != 0)
        {
            Interlocked.Exchange(ref _consecutiveFailures, 0);
        }
    }
}
