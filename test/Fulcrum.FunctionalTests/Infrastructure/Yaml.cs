using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>Small builders for the YAML fragments tests repeat.</summary>
internal static class Yaml
{
    /// <summary><c>{ b1: { address: "http://127.0.0.1:p" }, ... }</c> keyed by backend name.</summary>
    public static string Destinations(params TestBackend[] backends) => Destinations(backends.Select(b => (b.Name, b.Address)));

    /// <summary>The same for raw-socket spy and chaos backends.</summary>
    public static string Destinations(params SpyBackend[] backends) => Destinations(backends.Select(b => (b.Name, b.Address)));

    private static string Destinations(IEnumerable<(string Name, string Address)> backends) =>
        "{ " + string.Join(", ", backends.Select(b => $"{b.Name}: {{ address: \"{b.Address}\" }}")) + " }";

    /// <summary>One listener on a free port, one catch-all route to cluster <c>pool</c> with the given settings.</summary>
    public static string SingleCluster(string clusterSettings, params TestBackend[] backends) =>
        Gateway(Destinations(backends), clusterSettings);

    /// <summary>The same shape, in front of raw-socket spy and chaos backends.</summary>
    public static string SingleCluster(string clusterSettings, params SpyBackend[] backends) =>
        Gateway(Destinations(backends), clusterSettings);

    /// <summary>The same shape as <see cref="SingleCluster(string, TestBackend[])"/>, to one destination <c>d1</c> at a bare address.</summary>
    public static string ForAddress(string address, string clusterSettings = "") =>
        Gateway($"{{ d1: {{ address: \"{address}\" }} }}", clusterSettings);

    /// <summary>
    /// One https listener <c>web</c> on a free port with the given <c>tls</c> section (and extra listener keys such as
    /// <c>, http2: false</c>), one catch-all route to cluster <c>pool</c> with one destination <c>b1</c>.
    /// </summary>
    public static string Https(string tls, string backend, string listenerExtra = "") => $$"""
        listeners:
          web: { protocol: https, address: 127.0.0.1:0{{listenerExtra}}, tls: {{tls}} }
        routes:
          all: { cluster: pool }
        clusters:
          pool: { destinations: { b1: { address: "{{backend}}" } } }
        """;

    /// <summary>An admin listener on a free port, to prepend to a config.</summary>
    public const string Admin = "admin: { address: 127.0.0.1:0 }\n";

    private static string Gateway(string destinations, string clusterSettings) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          all: { match: { pathPrefix: / }, cluster: pool }
        clusters:
          pool:
            destinations: {{destinations}}
        {{Indent(clusterSettings, 4)}}
        """;

    public static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }

    /// <summary>
    /// One tcp (or udp) listener <c>edge</c> on a free port, its catch-all route to cluster <c>pool</c> of
    /// <c>host:port</c> destinations named d1, d2, … in order.
    /// </summary>
    public static string L4(string protocol, string listenerSettings, string clusterSettings, params string[] addresses) => $$"""
        listeners:
          edge: { protocol: {{protocol}}, address: 127.0.0.1:0{{(listenerSettings.Length > 0 ? ", " + listenerSettings : "")}} }
        routes:
          edge: { listeners: [edge], cluster: pool }
        clusters:
          pool:
            protocol: {{protocol}}
            destinations: { {{string.Join(", ", addresses.Select((a, i) => $"d{i + 1}: {{ address: \"{a}\" }}"))}} }
        {{Indent(clusterSettings, 4)}}
        """;
}
