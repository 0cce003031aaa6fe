using Fulcrum.Clusters;
using Fulcrum.Listeners;
using Fulcrum.Observability;
using Fulcrum.Runtime;

namespace Fulcrum.Pipeline;

/// <summary>
/// What the gateway decided about one request, readable by the transformer (which YARP calls with the
/// HttpContext only) and later by logs and metrics.
/// </summary>
internal sealed class ProxyRequestFeature
{
    public required ListenerModel Listener { get; init; }

    public required RouteModel Route { get; init; }

    /// <summary>An HTTP/1.1 request asking to upgrade (a WebSocket, say); read once, as feature lookups cost.</summary>
    public bool UpgradableRequest { get; init; }

    /// <summary>Whether the request can have a body (Kestrel's body detection; read once, for retries and framing).</summary>
    public bool CanHaveBody { get; init; }

    public DestinationState? Destination { get; set; }

    /// <summary>True while another attempt may follow this one, so a retryable status may be swallowed.</summary>
    public bool MayRetry { get; set; }

    /// <summary>Set by the transformer when it swallowed a retryable upstream status.</summary>
    public int RetryStatus { get; set; }

    public int Attempts { get; set; }

    /// <summary>How the request ended, for the access log.</summary>
    public AccessLogFlags Flags { get; set; }

    /// <summary>Time spent waiting on the last destination tried.</summary>
    public TimeSpan? UpstreamDuration { get; set; }

    /// <summary>Who the request acts for (an API key id, a token subject), once a policy has said.</summary>
    public string? Consumer { get; set; }

    /// <summary>The claims of a validated token, once a jwt policy has accepted one.</summary>
    public System.Security.Claims.ClaimsIdentity? Identity { get; set; }

    private System.Net.IPAddress? _clientAddress;
    private bool _clientAddressResolved;

    /// <summary>The real client's address (see <see cref="Forwarding.ClientAddress"/>), resolved once per request.</summary>
    public System.Net.IPAddress? ClientAddress(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (!_clientAddressResolved)
        {
            _clientAddress = Forwarding.ClientAddress.Resolve(context, Listener.TrustedProxies);
            _clientAddressResolved = true;
        }

        return _clientAddress;
    }
}
