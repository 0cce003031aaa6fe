namespace Fulcrum.Configuration;

/// <summary>Collects every error of one load so that a user sees all of them at once.</summary>
internal sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public ConfigErrors(ConfigSourceMap sourceMap) => SourceMap = sourceMap;

    public ConfigSourceMap SourceMap { get; }

    public IReadOnlyList<ConfigError> Items => _errors;

    public bool HasErrors => _errors.Count > 0;

    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds an error found after binding. Skipped when the same key (or a parent) already failed to bind: its
    /// value is a default then, and a second message about it would only confuse. Skipped too when a key inside
    /// this one failed to bind: the value is then partly defaults, and a rule about the whole of it (a header
    /// condition "gives none of value, values, regex or present" after <c>present: maybe</c>) would judge those.
    /// </summary>
    public void Add(string path, string message)
    {
        for (var current = path; ; current = current[..Math.Max(0, current.LastIndexOfAny(['.', '[']))])
        {
            if (_paths.Contains(current))
            {
                return;
            }

            if (current.Length == 0)
            {
                break;
            }
        }

        foreach (var failed in _paths)
        {
            if (failed.Length > path.Length && failed[path.Length] is '.' or '[' && failed.StartsWith(path, StringComparison.Ordinal))
            {
                return;
            }
        }

        _errors.Add(new ConfigError(SourceMap.Find(path), path, message));
    }

    public void Add(ConfigLocation location, string path, string message)
    {
        if (path.Length > 0)
        {
            _paths.Add(path);
        }

        _errors.Add(new ConfigError(location, path, message));
    }
}
