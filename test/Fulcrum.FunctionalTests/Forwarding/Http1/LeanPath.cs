using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Pipeline.Http1;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>What the lean HTTP/1.1 path's tests share: the pool of the one destination <c>d1</c> of cluster <c>pool</c>.</summary>
internal static class LeanPath
{
    /// <summary>The gateway of <see cref="Yaml.ForAddress"/> with its cluster on the lean path (plus more <c>http</c> keys).</summary>
    public static string Config(string address, string http = "") =>
        Yaml.ForAddress(address, "http: { forwarder: lean" + (http.Length > 0 ? ", " + http : "") + " }");

    public static Http1ConnectionPool? Pool(TestGateway gateway, string destination = "d1") =>
        gateway.Runtime.Clusters["pool"].Destinations[destination].CurrentHttp1Pool;
}
