namespace Fulcrum.Configuration;

/// <summary>
/// One transform; each list item names exactly one kind:
/// <c>{ pathRemovePrefix: /text }</c>, <c>{ pathPrefix: /v1 }</c>,
/// <c>{ requestHeader: X-A, set: b }</c>, <c>{ requestHeaderRemove: X-A }</c>,
/// <c>{ responseHeader: X-A, set: b }</c>, <c>{ responseHeaderRemove: X-A }</c>.
/// </summary>
internal sealed record TransformConfig
{
    public string? PathRemovePrefix { get; init; }
    public string? PathPrefix { get; init; }
    public string? RequestHeader { get; init; }
    public string? RequestHeaderRemove { get; init; }
    public string? ResponseHeader { get; init; }
    public string? ResponseHeaderRemove { get; init; }

    /// <summary>The value for <see cref="RequestHeader"/> or <see cref="ResponseHeader"/>.</summary>
    public string? Set { get; init; }
}
