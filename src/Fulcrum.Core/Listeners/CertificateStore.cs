using System.Security.Cryptography;
using Fulcrum.Configuration;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Listeners;

/// <summary>
/// The certificates of one listener's <c>tls.certificates</c>, kept current from their files. Each file's directory
/// is watched (a rename into place, as cert-manager and certbot do, is seen as well as a write); after writes settle
/// the files' content is compared with what is loaded and, if it changed, the whole set is loaded again and
/// swapped in one step. New handshakes get the new <see cref="Selector"/>; open connections keep the certificate
/// they shook hands with. A set that fails to load (a half-written pair, a wrong key, an expired certificate) is
/// logged and the previous set keeps serving. Independent of HTTP: TLS-terminating TCP listeners use it too.
/// </summary>
internal sealed class CertificateStore : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);
    private readonly (string CertFile, string KeyFile)[] _files;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _listener;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly ITimer _debounce;
    private readonly Lock _reloadLock = new();
    private volatile SniCertificateSelector _selector;
    private byte[] _loadedHash;
    private byte[] _failedHash = [];

    private CertificateStore(
        string listener, (string, string)[] files, SniCertificateSelector selector, byte[] hash, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _files = files;
        _selector = selector;
        _loadedHash = hash;
        _time = time;
        _logger = logger;
        _debounce = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The resolved (certificate, key) paths, in config order.</summary>
    public IReadOnlyList<(string CertFile, string KeyFile)> Files => _files;

    /// <summary>The certificates new handshakes choose from.</summary>
    public SniCertificateSelector Selector => _selector;

    /// <summary>How many times a changed set was swapped in (for tests and the admin view).</summary>
    public int Swaps { get; private set; }

    /// <summary>How many changed sets failed to load and were not swapped in.</summary>
    public int FailedReloads { get; private set; }

    /// <summary>Relative paths are resolved against <paramref name="baseDirectory"/> (the config file's).</summary>
    public static IReadOnlyList<(string CertFile, string KeyFile)> Resolve(IReadOnlyList<TlsCertificateConfig> certificates, string baseDirectory) =>
        [.. certificates.Select(c => (Path.GetFullPath(Path.Combine(baseDirectory, c.CertFile)), Path.GetFullPath(Path.Combine(baseDirectory, c.KeyFile))))];

    /// <summary>Loads every pair; fails with every problem when any pair does not load.</summary>
    public static CertificateStore? TryCreate(
        string listener, IReadOnlyList<(string CertFile, string KeyFile)> files, TimeProvider time, ILogger logger, out IReadOnlyList<string> errors)
    {
        var hash = Hash(files);
        var selector = TryLoad(files, time, out errors);
        return selector is null ? null : new CertificateStore(listener, [.. files], selector, hash, time, logger);
    }

    /// <summary>Loads every pair into a selector, or returns null with one error per pair that failed.</summary>
    public static SniCertificateSelector? TryLoad(IReadOnlyList<(string CertFile, string KeyFile)> files, TimeProvider time, out IReadOnlyList<string> errors)
    {
        var loaded = new List<ServerCertificate>();
        var problems = new List<string>();
        foreach (var (certFile, keyFile) in files)
        {
            if (ServerCertificate.TryLoad(certFile, keyFile, time.GetUtcNow(), out var error) is { } certificate)
            {
                loaded.Add(certificate);
            }
            else
            {
                problems.Add(error!);
            }
        }

        errors = problems;
        return problems.Count == 0 && loaded.Count > 0 ? new SniCertificateSelector(loaded) : null;
    }

    /// <summary>Starts watching the files' directories; until then the store is a fixed set.</summary>
    public void Watch()
    {
        if (_watchers.Count > 0)
        {
            return;
        }

        foreach (var directory in _files.SelectMany(f => new[] { f.CertFile, f.KeyFile }).Select(Path.GetDirectoryName).Distinct())
        {
            var watcher = new FileSystemWatcher(directory!)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += (_, _) => Touch();
            watcher.Created += (_, _) => Touch();
            watcher.Renamed += (_, _) => Touch();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    private void Touch() => _debounce.Change(Settle, Timeout.InfiniteTimeSpan);

    /// <summary>Checks the files now (the watcher calls this once writes settle).</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            var hash = Hash(_files);
            if (hash.AsSpan().SequenceEqual(_loadedHash) || hash.AsSpan().SequenceEqual(_failedHash))
            {
                return;
            }

            if (TryLoad(_files, _time, out var errors) is not { } selector)
            {
                // Remembered so the same broken content is reported once, not on every unrelated write in the directory.
                _failedHash = hash;
                FailedReloads++;
                TlsLog.CertificateReloadFailed(_logger, _listener, string.Join("; ", errors));
                return;
            }

            _selector = selector;
            _loadedHash = hash;
            _failedHash = [];
            Swaps++;
            TlsLog.CertificatesSwapped(_logger, _listener, selector.Certificates.Count);
        }
    }

    private static byte[] Hash(IReadOnlyList<(string CertFile, string KeyFile)> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (certFile, keyFile) in files)
        {
            foreach (var file in new[] { certFile, keyFile })
            {
                try
                {
                    hash.AppendData(File.ReadAllBytes(file));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    hash.AppendData("unreadable"u8);
                }
            }
        }

        return hash.GetHashAndReset();
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
    }
}
