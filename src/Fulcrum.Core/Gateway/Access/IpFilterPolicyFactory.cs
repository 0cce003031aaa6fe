using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Access;

internal sealed class IpFilterPolicyFactory : IPolicyFactory
{
    public void Validate(PolicyConfig config, string path, GatewayConfig root, ConfigErrors errors)
    {
        var filter = (IpFilterPolicyConfig)config;
        if (filter.Allow.Count == 0 && filter.Deny.Count == 0)
        {
            errors.Add(path, "an ipFilter needs an allow list, a deny list or both");
        }

        Check(filter.Allow, $"{path}.allow", errors);
        Check(filter.Deny, $"{path}.deny", errors);
    }

    public IRequestPolicy Create(string name, PolicyConfig config, PolicyContext context)
    {
        var filter = (IpFilterPolicyConfig)config;
        return new IpFilterPolicy(name, Compile(filter.Allow), Compile(filter.Deny), context.LoggerFactory);
    }

    internal static AddressSet Compile(IReadOnlyList<string> entries) =>
        AddressSet.Create(entries.Select(entry => AddressRange.TryParse(entry, out var range, out var error)
            ? range
            : throw new InvalidOperationException(error)));

    private static void Check(IReadOnlyList<string> entries, string path, ConfigErrors errors)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!AddressRange.TryParse(entries[i], out _, out var error))
            {
                errors.Add($"{path}[{i}]", error!);
            }
        }
    }
}
