using Fulcrum.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.Listeners;

/// <summary>
/// A listener's <c>limits</c> applied to its Kestrel server. Kestrel's request-line (8 KiB → 414), header (32 KiB,
/// 100 fields → 431) and response-rate defaults stay as they are; the header timeout is tighter than Kestrel's 30 s,
/// as edge proxies use (HAProxy's <c>timeout http-request</c>, Envoy's edge guidance), so a slowloris client
/// holds a connection for seconds, not half a minute.
/// </summary>
internal static class ListenerLimits
{
    public static void Apply(KestrelServerLimits kestrel, ListenerLimitsConfig limits)
    {
        kestrel.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.KeepAliveTimeout = limits.KeepAliveTimeout;
        kestrel.MinRequestBodyDataRate = limits.MinRequestBodyRate == 0
            ? null
            : new MinDataRate(limits.MinRequestBodyRate, limits.MinRequestBodyRateGrace);
    }
}
