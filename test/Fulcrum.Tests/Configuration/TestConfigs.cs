using Fulcrum.Configuration;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Tests.Configuration;

/// <summary>Loads config text the way the gateway does, with an environment the test controls.</summary>
internal static class TestConfigs
{
    public const string FileName = "test.yaml";

    /// <summary>
    /// One listener, one route, one cluster, one line each, so that a test can add the lines it is about after
    /// them and know their numbers (the first added line is line 4).
    /// </summary>
    public const string Minimal = """
        listeners: { web: { address: 127.0.0.1:8080 } }
        routes: { r: { cluster: c } }
        clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }

        """;

    /// <summary>Loads <paramref name="text"/>; variables not in <paramref name="environment"/> are unset.</summary>
    public static ConfigLoadResult Load(string text, IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigLoader.LoadText(text, FileName, name => environment?.GetValueOrDefault(name));

    public static GatewayConfig LoadValid(string text, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(text, environment);
        Assert.True(result.Succeeded, "expected no errors, got:\n" + string.Join('\n', result.Errors));
        Assert.Empty(result.Errors);
        return result.Config!;
    }

    /// <summary>Asserts that loading fails with exactly one error, at <paramref name="path"/>, and returns it.</summary>
    public static ConfigError SingleError(string text, string path, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(text, environment);
        Assert.False(result.Succeeded);
        Assert.Null(result.Config);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.Path);
        Assert.Equal(FileName, error.Location.File);
        return error;
    }
}
