namespace Fulcrum.Listeners;

/// <summary>
/// A listener's long-lived identity. A reload that keeps the address swaps <see cref="Model"/> in place, so
/// open connections carry on and their next request sees the new routes.
/// </summary>
internal sealed class ListenerState
{
    private volatile ListenerModel _model;
    private long _activeConnections;

    public ListenerState(ListenerModel model) => _model = model;

    public string Name => _model.Name;

    public ListenerModel Model
    {
        get => _model;
        set => _model = value;
    }

    /// <summary>The server bound for this listener, once started.</summary>
    public IListenerServer? Server { get; set; }

    public long ActiveConnections => Interlocked.Read(ref _activeConnections);

    public void ConnectionOpened() => Interlocked.Increment(ref _activeConnections);

    public void ConnectionClosed() => Interlocked.Decrement(ref _activeConnections);
}
