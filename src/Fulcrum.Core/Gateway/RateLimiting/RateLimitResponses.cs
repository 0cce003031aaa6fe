using System.Text;
using System.Text.Json;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// A policy's JSON answers: 429 <c>{"error":"rate limit exceeded","policy":…,"retryAfter":N,"status":429}</c> and,
/// when the store fails and the policy denies, 503 <c>{"error":"rate limit store unavailable",…}</c>. Bodies for the
/// common retry-after values are encoded once and reused: under a flood, 429s are most of the traffic.
/// </summary>
internal sealed class RateLimitResponses(string policy)
{
    private const int CachedSeconds = 3600;

    private readonly byte[]?[] _rejected = new byte[]?[CachedSeconds + 1];

    public byte[] StoreUnavailable { get; } = Encode(new { error = "rate limit store unavailable", policy, status = 503 });

    public byte[] Rejected(long retryAfter)
    {
        if (retryAfter > CachedSeconds)
        {
            return Body(retryAfter);
        }

        ref var cached = ref _rejected[retryAfter];
        return Volatile.Read(ref cached) ?? (cached = Body(retryAfter));
    }

    private byte[] Body(long retryAfter) => Encode(new { error = "rate limit exceeded", policy, retryAfter, status = 429 });

    private static byte[] Encode(object value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value) + "\n");
}
