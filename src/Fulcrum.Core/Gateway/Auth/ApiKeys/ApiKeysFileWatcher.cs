namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>
/// Calls back when a keys file has changed and writes have settled. Watches the directory (editors often save by
/// rename, which a watch on the file alone misses) and skips events that left the content as it was.
/// </summary>
internal sealed class ApiKeysFileWatcher : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private readonly string _path;
    private readonly Action _changed;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _debounce;
    private readonly Lock _lock = new();
    private byte[] _lastHash;

    public ApiKeysFileWatcher(string path, TimeProvider time, Action changed)
    {
        _path = path;
        _changed = changed;
        _lastHash = Hash(path);
        _debounce = time.CreateTimer(_ => OnSettled(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!)
        {
            Filter = Path.GetFileName(path),
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Touch();
        _watcher.Created += (_, _) => Touch();
        _watcher.Renamed += (_, _) => Touch();
        _watcher.Deleted += (_, _) => Touch();
        _watcher.EnableRaisingEvents = true;
    }

    private void Touch() => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);

    private void OnSettled()
    {
        // Timer callbacks may overlap when writes keep coming; one reload at a time keeps the last one the newest.
        lock (_lock)
        {
            var hash = Hash(_path);
            if (hash.AsSpan().SequenceEqual(_lastHash))
            {
                return;
            }

            _lastHash = hash;
            _changed();
        }
    }

    private static byte[] Hash(string path)
    {
        try
        {
            return System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }
}
