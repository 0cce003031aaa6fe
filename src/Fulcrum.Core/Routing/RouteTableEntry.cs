namespace Fulcrum.Routing;

/// <summary>One route as the <see cref="RouteTable{TRoute}"/> sees it.</summary>
/// <param name="Name">Unique; breaks ties so the order never depends on input order.</param>
/// <param name="Order">Explicit order: lower first, and ahead of every route without one.</param>
/// <param name="Route">What <see cref="RouteTable{TRoute}.Find"/> returns when this entry matches.</param>
internal sealed record RouteTableEntry<TRoute>(string Name, int? Order, RouteMatcher Matcher, TRoute Route)
    where TRoute : class
{
    /// <summary>The matcher's claim conditions bound to the route's token validator, by the table; null without claims.</summary>
    public RouteClaimsCondition? Claims { get; init; }
}
