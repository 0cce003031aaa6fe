using System.Net;
using Fulcrum.LoadBalancing;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Clusters;

/// <summary>
/// What a consistent-hash cluster hashes: the client address, a header or a cookie. Computed per request
/// without allocating; a request without the key gets <see cref="LoadBalancingContext.None"/>.
/// </summary>
internal sealed class HashKeySource
{
    public static readonly HashKeySource None = new(HashKeyKind.None, "");

    private HashKeySource(HashKeyKind kind, string name)
    {
        Kind = kind;
        Name = name;
    }

    public HashKeyKind Kind { get; }

    public string Name { get; }

    public static HashKeySource For(string hashOn, string? hashKey) => hashOn switch
    {
        "header" => new HashKeySource(HashKeyKind.Header, hashKey!),
        "cookie" => new HashKeySource(HashKeyKind.Cookie, hashKey!),
        _ => new HashKeySource(HashKeyKind.ClientAddress, ""),
    };

    /// <summary>Layer 4: only the client address can be hashed.</summary>
    public LoadBalancingContext ContextFor(IPAddress? clientAddress) =>
        Kind == HashKeyKind.ClientAddress && clientAddress is not null ? new LoadBalancingContext(HashKey.Of(clientAddress)) : LoadBalancingContext.None;

    public LoadBalancingContext ContextFor(HttpContext context)
    {
        switch (Kind)
        {
            case HashKeyKind.ClientAddress when context.Connection.RemoteIpAddress is { } address:
                return new LoadBalancingContext(HashKey.Of(address));
            case HashKeyKind.Header:
                var header = context.Request.Headers[Name];
                return header.Count > 0 && !string.IsNullOrEmpty(header[0])
                    ? new LoadBalancingContext(HashKey.Of(header[0].AsSpan()))
                    : LoadBalancingContext.None;
            case HashKeyKind.Cookie:
                return context.Request.Cookies.TryGetValue(Name, out var cookie) && !string.IsNullOrEmpty(cookie)
                    ? new LoadBalancingContext(HashKey.Of(cookie.AsSpan()))
                    : LoadBalancingContext.None;
            default:
                return LoadBalancingContext.None;
        }
    }
}
