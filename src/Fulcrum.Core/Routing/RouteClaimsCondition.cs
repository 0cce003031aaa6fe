using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>
/// A route's <c>match.claims</c> bound to the token validator that judges them (the route's first jwt policy).
/// A request without a valid token never matches, so routing falls through to the next route, which may answer
/// the same request without claims (a free tier) or reject it with its own policy.
/// </summary>
internal sealed class RouteClaimsCondition(ClaimsMatcher matcher, ITokenClaimsSource source)
{
    public ClaimsMatcher Matcher { get; } = matcher;

    public ITokenClaimsSource Source { get; } = source;

    public bool IsMatch(HttpContext context) => Source.ValidatedClaims(context) is { } identity && Matcher.IsMatch(identity);
}
