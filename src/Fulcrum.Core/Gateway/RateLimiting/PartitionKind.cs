namespace Fulcrum.Gateway.RateLimiting;

/// <summary>Where a partition key came from; keys of different kinds never share a limit.</summary>
internal enum PartitionKind : byte
{
    /// <summary>No client address is known (a test server, a Unix socket).</summary>
    Unknown,
    Consumer,
    Header,
    Claim,
    IPv4,

    /// <summary>The /64 network of an IPv6 client: one host usually holds a whole /64.</summary>
    IPv6Network,
}
