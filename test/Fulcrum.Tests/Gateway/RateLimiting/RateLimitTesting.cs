using System.Net;
using Fulcrum.Configuration;
using Fulcrum.Gateway;
using Fulcrum.Gateway.RateLimiting;
using Fulcrum.Listeners;
using Fulcrum.Pipeline;
using Fulcrum.Routing;
using Fulcrum.Runtime;
using Fulcrum.Tests.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.RateLimiting;

/// <summary>Builds rateLimit policies from config text, and requests to run them on, without a server.</summary>
internal static class RateLimitTesting
{
    /// <summary>Compiles policy <c>p</c> declared by <paramref name="settings"/> (the inside of its map) through the registry.</summary>
    public static RateLimitPolicy Policy(string settings, TimeProvider time, string stores = "")
    {
        var config = TestConfigs.LoadValid(TestConfigs.Minimal + $"policies:\n  p: {{ type: rateLimit, {settings} }}\n" + stores);
        var context = new PolicyContext { Time = time, LoggerFactory = NullLoggerFactory.Instance, BaseDirectory = ".", Root = config };
        return (RateLimitPolicy)PolicyRegistry.FactoryFor("rateLimit")!.Create("p", config.Policies["p"], context);
    }

    public static RateLimitModel Model(string settings, string stores = "") =>
        RateLimitModel.From("p", (RateLimitPolicyConfig)TestConfigs.LoadValid(TestConfigs.Minimal + $"policies:\n  p: {{ type: rateLimit, {settings} }}\n" + stores).Policies["p"]);

    public static DefaultHttpContext Context(string peer = "192.0.2.1")
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static ProxyRequestFeature Feature(TrustedProxies? trusted = null) => new()
    {
        Listener = new ListenerModel
        {
            Name = "web",
            Config = new ListenerConfig(),
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Routes = new RouteTable<RouteModel>([]),
            TrustedProxies = trusted ?? TrustedProxies.None,
        },
        Route = new RouteModel
        {
            Name = "r",
            Cluster = null!,
            ClusterModel = null!,
            Transformer = null!,
            RequestConfig = null!,
            UpgradeRequestConfig = null!,
            Policies = [],
        },
    };

    public static string Body(HttpContext context) =>
        System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
