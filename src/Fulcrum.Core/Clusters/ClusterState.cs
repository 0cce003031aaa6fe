namespace Fulcrum.Clusters;

/// <summary>
/// A cluster's long-lived identity. Destinations are kept by name across reloads; the available set is an
/// immutable <see cref="DestinationSet"/> republished whenever health or membership changes, so a pick reads
/// one volatile field and allocates nothing.
/// </summary>
internal sealed class ClusterState
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private volatile ClusterModel _model;
    private volatile Dictionary<string, DestinationState> _destinations = new(StringComparer.Ordinal);
    private volatile DestinationSet _all = DestinationSet.Empty;
    private volatile DestinationSet _available = DestinationSet.Empty;
    private volatile DestinationSet _serving = DestinationSet.Empty;
    private long _nextEjectionExpiry = long.MaxValue;

    public ClusterState(string name, ClusterModel model, TimeProvider time)
    {
        Name = name;
        _model = model;
        _time = time;
    }

    public string Name { get; }

    public ClusterModel Model => _model;

    public IReadOnlyDictionary<string, DestinationState> Destinations => _destinations;

    public DestinationSet All => _all;

    /// <summary>Every destination that is not draining, healthy or not: what panic mode falls back to.</summary>
    public DestinationSet Serving => _serving;

    /// <summary>Healthy destinations; a passive ejection that has run out is noticed here, without a timer.</summary>
    public DestinationSet Available
    {
        get
        {
            if (_time.GetTimestamp() >= Interlocked.Read(ref _nextEjectionExpiry))
            {
                RecomputeAvailable();
            }

            return _available;
        }
    }

    /// <summary>
    /// What a balancer picks from: the available destinations, or in panic mode (when none is available) every
    /// destination that is not draining.
    /// </summary>
    public DestinationSet Selectable(ClusterModel model)
    {
        var available = Available;
        return available.Count == 0 && model.PanicMode ? _serving : available;
    }

    /// <summary>Installs a new model and destination list (reload); states of surviving names are kept.</summary>
    public void Apply(ClusterModel model, Dictionary<string, DestinationState> destinations)
    {
        lock (_gate)
        {
            _model = model;
            _destinations = destinations;
            _all = new DestinationSet([.. destinations.Values]);
            RecomputeAvailableLocked();
        }
    }

    /// <summary>Starts or stops draining a destination; false when there is no destination of that name.</summary>
    public bool SetDraining(string destination, bool draining)
    {
        if (!_destinations.TryGetValue(destination, out var state))
        {
            return false;
        }

        state.Draining = draining;
        RecomputeAvailable();
        return true;
    }

    /// <summary>Called by health checks when a verdict changes.</summary>
    public void RecomputeAvailable()
    {
        lock (_gate)
        {
            RecomputeAvailableLocked();
        }
    }

    private void RecomputeAvailableLocked()
    {
        var now = _time.GetTimestamp();
        var next = long.MaxValue;
        var available = new List<DestinationState>(_all.Count);
        var serving = new List<DestinationState>(_all.Count);
        foreach (var destination in _all.Items)
        {
            if (destination.Draining)
            {
                continue;
            }

            serving.Add(destination);
            if (destination.Health.IsAvailable(now))
            {
                available.Add(destination);
            }

            var ejectedUntil = destination.Health.EjectedUntil;
            if (ejectedUntil > now && ejectedUntil < next)
            {
                next = ejectedUntil;
            }
        }

        if (!SameItems(_available.Items, available))
        {
            _available = new DestinationSet([.. available]);
        }

        if (!SameItems(_serving.Items, serving))
        {
            _serving = new DestinationSet([.. serving]);
        }

        Interlocked.Exchange(ref _nextEjectionExpiry, next);
    }

    private static bool SameItems(DestinationState[] current, List<DestinationState> next)
    {
        if (current.Length != next.Count)
        {
            return false;
        }

        for (var i = 0; i < current.Length; i++)
        {
            if (!ReferenceEquals(current[i], next[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Name;
}
