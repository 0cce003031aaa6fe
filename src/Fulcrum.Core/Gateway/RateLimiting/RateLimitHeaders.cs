using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Gateway.RateLimiting;

/// <summary>
/// The IETF draft's fields (draft-ietf-httpapi-ratelimit-headers): <c>RateLimit-Policy: "NAME";q=LIMIT;w=SECONDS</c>
/// and <c>RateLimit: "NAME";r=REMAINING;t=SECONDS</c>, plus <c>Retry-After</c> on a 429. A concurrency limit has
/// no window, so it sends neither <c>w</c> nor <c>t</c>. Fields are appended, so that several policies on a route (and
/// the destination's own) form one list, as the draft allows. Values are cached: the policy field is fixed, and
/// recent RateLimit values are kept in a small table, so a steady client's responses reuse their strings.
/// </summary>
internal sealed class RateLimitHeaders
{
    public const string PolicyField = "RateLimit-Policy";
    public const string LimitField = "RateLimit";

    private const int CacheSize = 256;

    private readonly string _item;
    private readonly string _policy;
    private readonly bool _timed;
    private readonly Entry?[] _cache = new Entry?[CacheSize];

    public RateLimitHeaders(RateLimitModel model)
    {
        _item = Quote(model.Name);
        _timed = model.Algorithm != RateLimitAlgorithm.Concurrency;
        _policy = _timed
            ? string.Create(CultureInfo.InvariantCulture, $"{_item};q={model.Limit};w={RateLimitDecision.Seconds(model.Period)}")
            : string.Create(CultureInfo.InvariantCulture, $"{_item};q={model.Limit}");
    }

    public string Policy => _policy;

    /// <summary>The fields of a response that passed: the partition's state as <paramref name="state"/> saw it.</summary>
    public void WriteState(IHeaderDictionary headers, in RateLimitDecision state)
    {
        headers.Append(PolicyField, _policy);
        var reset = state.Allowed ? state.ResetAfter : state.RetryAfter;
        headers.Append(LimitField, Value(state.Allowed ? state.Remaining : 0, RateLimitDecision.Seconds(reset)));
    }

    /// <summary>The fields of a 429, <c>Retry-After</c> included.</summary>
    public void WriteRejected(IHeaderDictionary headers, long retryAfter)
    {
        headers.Append(PolicyField, _policy);
        headers.Append(LimitField, Value(0, retryAfter));
        headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The RateLimit value, from the cache when this pair was seen recently.</summary>
    internal string Value(long remaining, long reset)
    {
        if (!_timed)
        {
            reset = 0;
        }

        var slot = (int)((ulong)HashCode.Combine(remaining, reset) % CacheSize);
        var entry = Volatile.Read(ref _cache[slot]);
        if (entry is not null && entry.Remaining == remaining && entry.Reset == reset)
        {
            return entry.Text;
        }

        var text = _timed
            ? string.Create(CultureInfo.InvariantCulture, $"{_item};r={remaining};t={reset}")
            : string.Create(CultureInfo.InvariantCulture, $"{_item};r={remaining}");
        Volatile.Write(ref _cache[slot], new Entry(remaining, reset, text));
        return text;
    }

    /// <summary>A structured-field string: quotes and backslashes escaped, anything outside printable ASCII replaced.</summary>
    internal static string Quote(string name)
    {
        var quoted = new StringBuilder(name.Length + 2).Append('"');
        foreach (var c in name)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\').Append(c);
            }
            else
            {
                quoted.Append(c is >= ' ' and <= '~' ? c : '_');
            }
        }

        return quoted.Append('"').ToString();
    }

    private sealed record Entry(long Remaining, long Reset, string Text);
}
