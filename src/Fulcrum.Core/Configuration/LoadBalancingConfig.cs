namespace Fulcrum.Configuration;

internal sealed record LoadBalancingConfig
{
    /// <summary>roundRobin | weightedRoundRobin | random | leastRequests | powerOfTwoChoices | consistentHash | first.</summary>
    public string Policy { get; init; } = "roundRobin";

    /// <summary>consistentHash only: clientAddress | header | cookie.</summary>
    public string HashOn { get; init; } = "clientAddress";

    /// <summary>consistentHash only: the header or cookie name when <see cref="HashOn"/> is header or cookie.</summary>
    public string? HashKey { get; init; }

    /// <summary>consistentHash only: maglev (default) | ring.</summary>
    public string HashAlgorithm { get; init; } = "maglev";
}
