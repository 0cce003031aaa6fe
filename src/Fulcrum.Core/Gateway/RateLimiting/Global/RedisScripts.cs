using Fulcrum.Gateway.Stores;

namespace Fulcrum.Gateway.RateLimiting.Global;

/// <summary>
/// One Lua script per algorithm, each one atomic decision on one key (so they also run on Redis Cluster). They
/// read Redis's clock (TIME), so gateways whose clocks differ still share one window, and they do the same
/// arithmetic as the local limiters. Every write sets a TTL that ends when the state is as good as new (a full
/// bucket, a past window), so Redis holds only partitions in use.
/// KEYS[1] is the partition's key; ARGV is limit, period (ms), burst or segments, cost.
/// Each returns { allowed (0/1), remaining, reset (ms; until admitted when refused), retry after (ms) }.
/// </summary>
internal static class RedisScripts
{
    private const string Clock = """
        if redis.replicate_commands then redis.replicate_commands() end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local limit = tonumber(ARGV[1])
        local period = tonumber(ARGV[2])
        local cost = tonumber(ARGV[4])

        """;

    public static readonly RedisScript TokenBucket = new(Clock + """
        local burst = tonumber(ARGV[3])
        local rate = limit / period
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
        local tokens = tonumber(state[1]) or burst
        local updated = tonumber(state[2]) or now
        if now > updated then
          tokens = math.min(burst, tokens + (now - updated) * rate)
          updated = now
        end
        if tokens + 1e-9 < cost then
          local wait = math.ceil((cost - tokens) / rate)
          return { 0, math.floor(tokens + 1e-9), wait, wait }
        end
        tokens = math.max(0, tokens - cost)
        local full = math.ceil((burst - tokens) / rate)
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', string.format('%d', updated))
        redis.call('PEXPIRE', KEYS[1], full + 1000)
        return { 1, math.floor(tokens + 1e-9), full, 0 }
        """);

    public static readonly RedisScript FixedWindow = new(Clock + """
        local window = math.floor(now / period)
        local reset = (window + 1) * period - now
        local state = redis.call('HMGET', KEYS[1], 'window', 'count')
        local count = 0
        if tonumber(state[1]) == window then count = tonumber(state[2]) end
        if count + cost > limit then
          return { 0, math.max(0, limit - count), reset, reset }
        end
        count = count + cost
        redis.call('HSET', KEYS[1], 'window', string.format('%d', window), 'count', count)
        redis.call('PEXPIRE', KEYS[1], reset + 1000)
        return { 1, limit - count, reset, 0 }
        """);

    public static readonly RedisScript SlidingWindow = new(Clock + """
        local segments = tonumber(ARGV[3])
        local size = math.floor(period / segments)
        local current = math.floor(now / size)
        local oldest = current - segments + 1
        local fields = redis.call('HGETALL', KEYS[1])
        local counts = {}
        local total = 0
        for i = 1, #fields, 2 do
          local segment = tonumber(fields[i])
          if segment < oldest then
            redis.call('HDEL', KEYS[1], fields[i])
          else
            counts[segment] = tonumber(fields[i + 1])
            total = total + counts[segment]
          end
        end
        if total + cost > limit then
          local needed = total + cost - limit
          local freed = 0
          local wait = segments * size
          for segment = oldest, current do
            freed = freed + (counts[segment] or 0)
            if freed >= needed then
              wait = (segment + segments) * size - now
              break
            end
          end
          return { 0, math.max(0, limit - total), wait, wait }
        end
        redis.call('HINCRBY', KEYS[1], string.format('%d', current), cost)
        local reset = (current + segments) * size - now
        redis.call('PEXPIRE', KEYS[1], reset + 1000)
        return { 1, limit - total - cost, reset, 0 }
        """);

    public static RedisScript For(RateLimitAlgorithm algorithm) => algorithm switch
    {
        RateLimitAlgorithm.TokenBucket => TokenBucket,
        RateLimitAlgorithm.FixedWindow => FixedWindow,
        RateLimitAlgorithm.SlidingWindow => SlidingWindow,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "concurrency is counted locally only"),
    };
}
