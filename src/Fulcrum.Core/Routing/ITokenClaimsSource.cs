using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>
/// Validates the request's token for route matching on claims. The jwt policy is the implementation; routing
/// depends only on this seam, so the route table knows nothing of tokens or keys.
/// </summary>
internal interface ITokenClaimsSource
{
    /// <summary>
    /// The claims of the request's token when it is present and valid, else null. Synchronous (routing is); the
    /// outcome is remembered on the request, so the policy that runs after routing does not validate twice.
    /// </summary>
    ClaimsIdentity? ValidatedClaims(HttpContext context);

    /// <summary>
    /// Does before routing whatever I/O validation needs (fetching a key the validator does not hold yet), so that
    /// <see cref="ValidatedClaims"/> never waits on a thread: request threads may be the socket event threads, and
    /// blocking one stalls every connection it serves. Completes synchronously when no I/O is needed.
    /// </summary>
    ValueTask PrepareAsync(HttpContext context);
}
