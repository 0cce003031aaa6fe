using Fulcrum.Runtime;

namespace Fulcrum.Routing;

/// <summary>Finds the token validator that judges a route's claim conditions.</summary>
internal static class RouteClaimsSources
{
    /// <summary>
    /// The route's first policy that validates tokens (its first <c>jwt</c> policy); null for other route types and
    /// for routes without one, which validation refuses when they match on claims.
    /// </summary>
    /// <remarks>
    /// The route table is generic and built by the model compiler with the compiled route as its payload, so the
    /// default lookup reads the policies from there rather than asking the compiler for one more argument.
    /// </remarks>
    public static ITokenClaimsSource? Of(object route) =>
        route is RouteModel model ? model.Policies.OfType<ITokenClaimsSource>().FirstOrDefault() : null;
}
