namespace Fulcrum.Configuration;

/// <summary>
/// Key path (<c>routes.text.match.headers[0].name</c>) → where its value was written, so that errors found after
/// binding still point at a line. A path that was not written resolves to its nearest written parent.
/// </summary>
internal sealed class ConfigSourceMap
{
    private readonly Dictionary<string, ConfigLocation> _locations = new(StringComparer.Ordinal);

    public ConfigSourceMap(string file) => File = file;

    public string File { get; }

    public void Add(string path, ConfigLocation location) => _locations.TryAdd(path, location);

    public ConfigLocation Find(string path)
    {
        var current = path;
        while (current.Length > 0)
        {
            if (_locations.TryGetValue(current, out var location))
            {
                return location;
            }

            current = Parent(current);
        }

        return _locations.TryGetValue("", out var root) ? root : new ConfigLocation(File, 1, 1);
    }

    private static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut < 0 ? "" : path[..cut];
    }
}
