namespace Fulcrum.Runtime;

/// <summary>The most recent reload attempts, newest first, for the admin API and dashboard.</summary>
internal sealed class ReloadHistory
{
    private const int Capacity = 20;
    private readonly LinkedList<ReloadResult> _results = new();

    public void Add(ReloadResult result)
    {
        lock (_results)
        {
            _results.AddFirst(result);
            if (_results.Count > Capacity)
            {
                _results.RemoveLast();
            }
        }
    }

    public IReadOnlyList<ReloadResult> Recent()
    {
        lock (_results)
        {
            return [.. _results];
        }
    }
}
