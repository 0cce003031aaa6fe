using Fulcrum.Health;

namespace Fulcrum.Clusters;

/// <summary>
/// One backend's long-lived identity: kept by name across reloads so that health and counters survive.
/// Thread-safety: counters use Interlocked; <see cref="Model"/> is swapped whole by the reload applier.
/// </summary>
internal sealed class DestinationState
{
    private volatile DestinationModel _model;
    private int _inFlight;
    private long _requests;
    private long _failures;

    public DestinationState(string name, DestinationModel model)
    {
        Name = name;
        _model = model;
    }

    public string Name { get; }

    public DestinationModel Model
    {
        get => _model;
        set => _model = value;
    }

    public DestinationHealth Health { get; } = new();

    /// <summary>Requests (or connections) now being served by this destination.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    public void RequestStarted()
    {
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _requests);
    }

    public void RequestEnded(bool failed)
    {
        Interlocked.Decrement(ref _inFlight);
        if (failed)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    public override string ToString() => Name;
}
