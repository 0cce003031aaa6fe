namespace Fulcrum.Configuration;

/// <summary>Every condition given must hold; an empty match matches everything.</summary>
internal sealed record RouteMatchConfig
{
    /// <summary>Exact host names or <c>*.example.com</c> wildcards, compared without case and port.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>An exact path, or a template such as <c>/api/{id}/{**rest}</c>.</summary>
    public string? Path { get; init; }

    /// <summary>A prefix ending at a segment boundary: <c>/text</c> matches <c>/text</c> and <c>/text/a</c>, not <c>/textual</c>.</summary>
    public string? PathPrefix { get; init; }

    /// <summary>
    /// Compare <see cref="Path"/> or <see cref="PathPrefix"/> without case. Off by default (paths are case-sensitive);
    /// turn it on for a route guarding a backend that treats paths without case (ASP.NET Core, IIS), so that
    /// <c>/ADMIN</c> cannot reach it through a broader route that skips this route's policies.
    /// </summary>
    public bool IgnoreCase { get; init; }

    public IReadOnlyList<string> Methods { get; init; } = [];

    public IReadOnlyList<HeaderMatchConfig> Headers { get; init; } = [];

    public IReadOnlyList<QueryMatchConfig> Query { get; init; } = [];

    /// <summary>
    /// Claim name → accepted values (<c>claims: { tier: [gold, platinum] }</c>; a single value is a list of one): the
    /// request must carry a token that the route's first <c>jwt</c> policy validates, with every named claim holding
    /// one of its values. See <see cref="Routing.ClaimsMatcher"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Claims { get; init; } = ConfigDefaults.EmptyMap<IReadOnlyList<string>>();

    /// <summary>
    /// tcp listeners with <c>tls: { mode: passthrough }</c> only: server names (exact or <c>*.example.com</c>) the
    /// ClientHello's SNI must match. The only matcher a tcp route may have.
    /// </summary>
    public IReadOnlyList<string> Sni { get; init; } = [];
}
