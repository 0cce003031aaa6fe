namespace Fulcrum.Configuration;

/// <summary>Shared state stores that policies can use across gateway instances.</summary>
internal sealed record StoresConfig
{
    public RedisStoreConfig? Redis { get; init; }
}
