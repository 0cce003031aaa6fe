using System.Net;
using Fulcrum.Listeners;

namespace Fulcrum.Configuration.Validation;

internal static class ListenerRules
{
    public static readonly IReadOnlyList<string> Protocols = ["http", "https", "tcp", "udp"];

    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        // UDP ports are a separate space: a DNS-style pool may listen on the same port for tcp and udp.
        var bound = new Dictionary<(IPEndPoint, bool Udp), string>();
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
            else if (endPoint.Port != 0 && !bound.TryAdd((endPoint, listener.Protocol == "udp"), name))
            {
                errors.Add($"{path}.address", $"{listener.Address} is already used by listener '{bound[(endPoint, listener.Protocol == "udp")]}'");
            }

            ValidateLimits(errors, $"{path}.limits", listener.Limits);
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

    private static void ValidateLimits(ConfigErrors errors, string path, ListenerLimitsConfig limits)
    {
        ConfigValidator.Positive(errors, $"{path}.requestHeadersTimeout", limits.RequestHeadersTimeout);
        ConfigValidator.Positive(errors, $"{path}.keepAliveTimeout", limits.KeepAliveTimeout);
        if (limits.MinRequestBodyRate < 0)
        {
            errors.Add($"{path}.minRequestBodyRate", "must be 0 (off) or a rate in bytes per second");
        }

        // Kestrel checks rates on a one-second heartbeat, so a shorter grace could never be honoured.
        if (limits.MinRequestBodyRate > 0 && limits.MinRequestBodyRateGrace <= TimeSpan.FromSeconds(1))
        {
            errors.Add($"{path}.minRequestBodyRateGrace", "must be longer than 1s");
        }
    }
}
