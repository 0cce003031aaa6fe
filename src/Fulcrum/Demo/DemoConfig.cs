using System.Text;

namespace Fulcrum.Demo;

/// <summary>
/// The demo's config, written as the YAML a user would write, then loaded through the normal loader, so the demo
/// exercises the same path as a real config file. Mirrors examples/chatgpt.yaml.
/// </summary>
internal static class DemoConfig
{
    public static string Yaml(string listenAddress, string adminAddress, IReadOnlyList<DemoBackend> backends)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine($"admin: {{ address: \"{adminAddress}\" }}");
        yaml.AppendLine("listeners:");
        yaml.AppendLine($"  web: {{ protocol: http, address: \"{listenAddress}\" }}");
        yaml.AppendLine("routes:");
        foreach (var (service, _) in DemoBackends.Layout)
        {
            yaml.AppendLine($"  {service}: {{ match: {{ pathPrefix: /{service} }}, cluster: {service}-models }}");
        }

        yaml.AppendLine("clusters:");
        foreach (var (service, _) in DemoBackends.Layout)
        {
            yaml.AppendLine($"  {service}-models:");
            yaml.AppendLine($"    loadBalancing: {{ policy: {(service == "image" ? "leastRequests" : "roundRobin")} }}");
            yaml.AppendLine("    healthCheck:");
            yaml.AppendLine("      active: { path: /healthz, interval: 5s, timeout: 1s }");
            yaml.AppendLine("      passive: { consecutiveFailures: 3, ejectFor: 10s }");
            yaml.AppendLine("    retries: { attempts: 1 }");
            yaml.AppendLine("    destinations:");
            foreach (var backend in backends.Where(b => b.Service == service))
            {
                yaml.AppendLine($"      {backend.Instance}: {{ address: \"{backend.Address}\" }}");
            }
        }

        return yaml.ToString();
    }
}
