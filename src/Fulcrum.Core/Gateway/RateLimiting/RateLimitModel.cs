namespace Fulcrum.Gateway.RateLimiting;

/// <summary>A validated rateLimit policy with its names resolved and defaults applied.</summary>
internal sealed class RateLimitModel
{
    public static readonly IReadOnlyList<string> Algorithms = ["tokenBucket", "slidingWindow", "fixedWindow", "concurrency"];
    public static readonly IReadOnlyList<string> PartitionSources = ["consumer", "clientAddress", "header", "claim"];
    public static readonly IReadOnlyList<string> Scopes = ["local", "global"];
    public static readonly IReadOnlyList<string> StoreFailureRules = ["allow", "deny"];

    public const int DefaultSegments = 10;
    public const int MaxLimit = 1_000_000_000;
    public const int MaxSegments = 100;

    public required string Name { get; init; }

    public required RateLimitAlgorithm Algorithm { get; init; }

    public required int Limit { get; init; }

    /// <summary>Zero for concurrency.</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Token bucket size; <see cref="Limit"/> for the other algorithms.</summary>
    public required int Burst { get; init; }

    /// <summary>Sliding window segments; 1 for the other algorithms.</summary>
    public required int Segments { get; init; }

    public required PartitionSource PartitionBy { get; init; }

    public string? PartitionKey { get; init; }

    public required bool Global { get; init; }

    public required bool DenyOnStoreFailure { get; init; }

    public static RateLimitModel From(string name, RateLimitPolicyConfig config)
    {
        var algorithm = Parse<RateLimitAlgorithm>(config.Algorithm, Algorithms);
        return new RateLimitModel
        {
            Name = name,
            Algorithm = algorithm,
            Limit = config.Limit,
            Period = algorithm == RateLimitAlgorithm.Concurrency ? TimeSpan.Zero : config.Period ?? TimeSpan.Zero,
            Burst = algorithm == RateLimitAlgorithm.TokenBucket ? config.Burst ?? config.Limit : config.Limit,
            Segments = algorithm == RateLimitAlgorithm.SlidingWindow ? config.Segments ?? DefaultSegments : 1,
            PartitionBy = Parse<PartitionSource>(config.PartitionBy, PartitionSources),
            PartitionKey = config.PartitionKey,
            Global = config.Scope == "global",
            DenyOnStoreFailure = config.OnStoreFailure == "deny",
        };
    }

    /// <summary>The config's camelCase name of an enum value, as it appears in YAML, keys and headers.</summary>
    public static string NameOf(RateLimitAlgorithm algorithm) => Algorithms[(int)algorithm];

    /// <summary>Enum values are declared in the order of their config names.</summary>
    private static T Parse<T>(string value, IReadOnlyList<string> names) where T : struct, Enum
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == value)
            {
                return (T)Enum.ToObject(typeof(T), i);
            }
        }

        throw new InvalidOperationException($"'{value}' should have been refused by validation");
    }
}
