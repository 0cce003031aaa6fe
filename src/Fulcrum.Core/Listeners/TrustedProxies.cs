using System.Net;

namespace Fulcrum.Listeners;

/// <summary>The peers whose X-Forwarded-* headers a listener believes.</summary>
internal sealed class TrustedProxies
{
    public static readonly TrustedProxies None = new([]);

    private readonly IPNetwork[] _networks;

    public TrustedProxies(IPNetwork[] networks) => _networks = networks;

    public bool IsEmpty => _networks.Length == 0;

    public static TrustedProxies Parse(IReadOnlyList<string> items)
    {
        var networks = new IPNetwork[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            networks[i] = IPNetwork.TryParse(items[i], out var network)
                ? network
                : new IPNetwork(IPAddress.Parse(items[i]), IPAddress.Parse(items[i]).GetAddressBytes().Length * 8);
        }

        return new TrustedProxies(networks);
    }

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
