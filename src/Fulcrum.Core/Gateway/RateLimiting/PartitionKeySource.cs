using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// Finds a request's partition key. A request without the configured key (no consumer, no such header or claim,
/// or a value longer than <see cref="MaxLength"/>) is counted by its client address instead, so it is limited
/// all the same and cannot escape the limit by leaving the key out.
/// </summary>
internal sealed class PartitionKeySource(PartitionSource source, string? name)
{
    /// <summary>Longer values are not keys anyone needs, and would let one client fill memory with a few requests.</summary>
    public const int MaxLength = 256;

    public PartitionKey For(HttpContext context, ProxyRequestFeature request)
    {
        switch (source)
        {
            case PartitionSource.Consumer when Usable(request.Consumer) is { } consumer:
                return PartitionKey.ForText(PartitionKind.Consumer, consumer);
            case PartitionSource.Header:
                var values = context.Request.Headers[name!];
                // One value is the usual case and costs nothing; repeated headers are joined, as a list header is.
                if (Usable(values.Count == 1 ? values[0] : values.Count > 1 ? values.ToString() : null) is { } header)
                {
                    return PartitionKey.ForText(PartitionKind.Header, header);
                }

                break;
            case PartitionSource.Claim when Usable(request.Identity?.FindFirst(name!)?.Value) is { } claim:
                return PartitionKey.ForText(PartitionKind.Claim, claim);
        }

        return PartitionKey.ForAddress(request.ClientAddress(context));
    }

    private static string? Usable(string? value) => value is { Length: > 0 and <= MaxLength } ? value : null;
}
