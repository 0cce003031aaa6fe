using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Gateway;

/// <summary>
/// A compiled policy, run for every request of the routes it is attached to, in the route's order, after routing
/// and before the balancer picks a destination. Instances are shared by routes and requests: thread-safe, and on
/// the success path allocation-free. A policy that is <see cref="IAsyncDisposable"/> is disposed when a reload
/// retires it.
/// </summary>
internal interface IRequestPolicy
{
    /// <summary>
    /// True to let the request continue; false when the policy has answered it (401, 403, 413, 429, a CORS
    /// preflight …). Complete synchronously when possible: a completed ValueTask costs nothing.
    /// </summary>
    ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request);

    /// <summary>Adjusts the response headers copied from the destination, before anything is sent.</summary>
    void ApplyResponse(HttpContext context, ProxyRequestFeature request)
    {
    }
}
