using System.Security.Cryptography;

namespace Fulcrum.Runtime;

/// <summary>
/// Watches the config file's directory (editors often replace a file by rename, which a watch on the file alone
/// misses), waits for writes to settle, and reloads only when the content really changed.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private readonly ConfigReloader _reloader;
    private readonly FileSystemWatcher _watcher;
    private readonly ITimer _debounce;
    private byte[] _lastHash;

    public ConfigFileWatcher(ConfigReloader reloader, TimeProvider time)
    {
        _reloader = reloader;
        var full = System.IO.Path.GetFullPath(reloader.Path);
        _lastHash = Hash(full);
        _debounce = time.CreateTimer(_ => OnSettled(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(System.IO.Path.GetDirectoryName(full)!)
        {
            Filter = System.IO.Path.GetFileName(full),
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Touch();
        _watcher.Created += (_, _) => Touch();
        _watcher.Renamed += (_, _) => Touch();
        _watcher.EnableRaisingEvents = true;
    }

    private void Touch() => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);

    private void OnSettled()
    {
        var hash = Hash(System.IO.Path.GetFullPath(_reloader.Path));
        if (hash.AsSpan().SequenceEqual(_lastHash))
        {
            return;
        }

        _lastHash = hash;
        _ = _reloader.ReloadAsync("the file changed", CancellationToken.None);
    }

    private static byte[] Hash(string path)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path));
        }
        catch (IOException)
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
