using System.Net;
using Fulcrum.Listeners;

namespace Fulcrum.Configuration.Validation;

internal static class ListenerRules
{
    public static readonly IReadOnlyList<string> Protocols = ["http", "https"];

    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        var bound = new Dictionary<IPEndPoint, string>();
        foreach (var (name, listener) in config.Listeners)
        {
            var path = $"listeners.{name}";
            ConfigValidator.OneOf(errors, $"{path}.protocol", listener.Protocol, Protocols);
            if (listener.Address.Length == 0)
            {
                errors.Add($"{path}.address", "an address is required, such as 127.0.0.1:8080");
            }
            else if (!ListenAddress.TryParse(listener.Address, out var endPoint, out var error))
            {
                errors.Add($"{path}.address", error!);
            }
            else if (endPoint.Port != 0 && !bound.TryAdd(endPoint, name))
            {
                errors.Add($"{path}.address", $"{listener.Address} is already used by listener '{bound[endPoint]}'");
            }

            for (var i = 0; i < listener.TrustedProxies.Count; i++)
            {
                if (!IPNetwork.TryParse(listener.TrustedProxies[i], out _) && !IPAddress.TryParse(listener.TrustedProxies[i], out _))
                {
                    errors.Add($"{path}.trustedProxies[{i}]", $"'{listener.TrustedProxies[i]}' is not an IP address or CIDR range such as 10.0.0.0/8");
                }
            }

            ListenerTlsRules.Validate(path, listener, errors);
        }
    }
}
