using System.Text;
using Fulcrum.Tests.Common;

namespace Fulcrum.DashboardTests.Infrastructure;

/// <summary>
/// The YAML the dashboard tests run: one web listener, an admin listener on a free port (with a token when
/// given), and per service a route <c>/SERVICE</c> (prefix removed) to a cluster <c>SERVICE-models</c> whose
/// destinations are probed every 200ms. Three failed probes in a row take a destination out, so one probe
/// that times out while the machine is busy (a browser starting, say) does not.
/// </summary>
internal static class DashboardConfig
{
    public const string HealthChecks = "healthCheck: { active: { path: /healthz, interval: 200ms, timeout: 200ms, healthyAfter: 1, unhealthyAfter: 3 } }";

    public static string Yaml(IEnumerable<(string Service, TestBackend[] Backends)> services, string? token = null, string policy = "roundRobin")
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("listeners:");
        yaml.AppendLine("  web: { protocol: http, address: 127.0.0.1:0 }");
        yaml.AppendLine(token is null ? "admin: { address: 127.0.0.1:0 }" : $"admin: {{ address: 127.0.0.1:0, token: \"{token}\" }}");
        yaml.AppendLine("routes:");
        foreach (var (service, _) in services)
        {
            yaml.AppendLine($"  {service}: {{ match: {{ pathPrefix: /{service} }}, transforms: [{{ pathRemovePrefix: /{service} }}], cluster: {service}-models }}");
        }

        yaml.AppendLine("clusters:");
        foreach (var (service, backends) in services)
        {
            yaml.AppendLine($"  {service}-models:");
            yaml.AppendLine($"    loadBalancing: {{ policy: {policy} }}");
            yaml.AppendLine("    destinations: { " + string.Join(", ", backends.Select(b => $"{b.Name}: {{ address: \"{b.Address}\" }}")) + " }");
            yaml.AppendLine("    " + HealthChecks);
        }

        return yaml.ToString();
    }
}
