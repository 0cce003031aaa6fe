using System.Net;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Access;

/// <summary>
/// Refuses clients by address with 403. The address is <see cref="ProxyRequestFeature.ClientAddress"/>: the peer,
/// or behind a trusted proxy the right-most untrusted X-Forwarded-For hop — never a header an untrusted client
/// wrote. Both lists are compiled <see cref="AddressSet"/>s, so a check is two binary searches and allocates
/// nothing. Thread-safe.
/// </summary>
internal sealed class IpFilterPolicy : IRequestPolicy
{
    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);
    private static readonly byte[] Forbidden = AccessResponses.Encode(new { error = "client address not allowed", status = 403 });

    private readonly string _name;
    private readonly AddressSet _allow;
    private readonly AddressSet _deny;
    private readonly ILogger _logger;

    public IpFilterPolicy(string name, AddressSet allow, AddressSet deny, ILoggerFactory loggerFactory)
    {
        _name = name;
        _allow = allow;
        _deny = deny;
        _logger = loggerFactory.CreateLogger<IpFilterPolicy>();
    }

    /// <summary>
    /// Deny wins; then a non-empty allow list must cover the address. An unknown address (no IP peer) passes only
    /// a filter without an allow list.
    /// </summary>
    public bool Allows(IPAddress? address) => address is null
        ? _allow.IsEmpty
        : !_deny.Contains(address) && (_allow.IsEmpty || _allow.Contains(address));

    public ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request)
    {
        var address = request.ClientAddress(context);
        if (Allows(address))
        {
            return Continue;
        }

        AccessPolicyLog.AddressRefused(_logger, _name, address);
        return RefuseAsync(context);
    }

    private static async ValueTask<bool> RefuseAsync(HttpContext context)
    {
        await GatewayResponses.WriteAsync(context, StatusCodes.Status403Forbidden, Forbidden);
        return false;
    }
}
