namespace Fulcrum.Configuration;

/// <summary>match → policies → transforms → cluster.</summary>
internal sealed record RouteConfig
{
    /// <summary>Listeners this route serves; empty means every HTTP listener.</summary>
    public IReadOnlyList<string> Listeners { get; init; } = [];

    public RouteMatchConfig Match { get; init; } = new();

    /// <summary>Lower wins; routes without an order come after those with one, then by specificity.</summary>
    public int? Order { get; init; }

    public IReadOnlyList<string> Policies { get; init; } = [];

    public IReadOnlyList<TransformConfig> Transforms { get; init; } = [];

    public string Cluster { get; init; } = "";

    /// <summary>Send the client's Host header upstream (default), or the destination's authority when false.</summary>
    public bool PreserveHost { get; init; } = true;

    /// <summary>Overrides the cluster's <c>http.requestTimeout</c> for this route.</summary>
    public TimeSpan? Timeout { get; init; }
}
