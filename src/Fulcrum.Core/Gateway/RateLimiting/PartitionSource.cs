namespace Fulcrum.Gateway.RateLimiting;

/// <summary>What a rate limit is counted per (<c>partitionBy</c>).</summary>
internal enum PartitionSource
{
    /// <summary>The consumer an auth policy earlier in the route's list identified.</summary>
    Consumer,

    /// <summary>The real client address (through <c>trustedProxies</c>); IPv6 clients by /64.</summary>
    ClientAddress,

    /// <summary>A request header's value.</summary>
    Header,

    /// <summary>A claim of the token a jwt policy accepted.</summary>
    Claim,
}
