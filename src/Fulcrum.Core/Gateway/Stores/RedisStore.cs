using System.Net;
using Fulcrum.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Fulcrum.Gateway.Stores;

/// <summary>
/// The connection to <c>stores.redis</c> of one policy that shares state across gateways. It connects in the
/// background and keeps reconnecting (StackExchange.Redis does), so neither a reload nor a request ever waits for
/// Redis longer than <c>stores.redis.timeout</c>; while disconnected, commands fail at once instead of queueing, so
/// the policy's store-failure rule applies at once too. Scripts run by SHA-1 (EVALSHA); a server that lost its
/// script cache (a restart, SCRIPT FLUSH) answers NOSCRIPT and is sent the script itself with EVAL, which caches
/// it again. Thread-safe: the multiplexer is shared by every request of the policy.
/// </summary>
internal sealed class RedisStore : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _endPoint;
    private int _down;

    private RedisStore(ConfigurationOptions options, RedisStoreConfig config, TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        KeyPrefix = config.KeyPrefix;
        Timeout = config.Timeout;
        _endPoint = string.Join(",", options.EndPoints.Select(Describe));
        _connecting = ConnectAsync(options);
    }

    /// <summary>Prefix of every key written, so that several gateways or applications can share one Redis.</summary>
    public string KeyPrefix { get; }

    /// <summary>Longest wait for an answer before the caller's store-failure rule applies.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True while a connection to Redis is up (tests wait for it before they count).</summary>
    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    /// <summary>Null when <paramref name="connection"/> is usable, otherwise what is wrong with it.</summary>
    public static string? CheckConnection(string connection)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            return "a Redis endpoint is required, such as 127.0.0.1:6379";
        }

        try
        {
            return ConfigurationOptions.Parse(connection).EndPoints.Count == 0
                ? "a Redis endpoint is required, such as 127.0.0.1:6379"
                : null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or RedisException)
        {
            // Not echoed: a connection string may carry a password.
            return $"not a Redis connection string: {e.Message}";
        }
    }

    /// <summary>Starts connecting and returns at once; the connection is ready by the first request, or soon after.</summary>
    public static RedisStore Connect(RedisStoreConfig config, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var options = ConfigurationOptions.Parse(config.Connection);
        var timeout = (int)Math.Ceiling(config.Timeout.TotalMilliseconds);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.SyncTimeout = timeout;
        options.AsyncTimeout = timeout;
        // Back soon after Redis is: the limits are off (or requests refused) until then.
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 2000);
        options.ClientName ??= "fulcrum";
        return new RedisStore(options, config, time, loggerFactory.CreateLogger(typeof(RedisStore).FullName!));
    }

    /// <summary>
    /// Runs <paramref name="script"/> atomically on the server. Throws <see cref="RedisException"/> when Redis
    /// fails and <see cref="TimeoutException"/> when it does not answer within <see cref="Timeout"/>.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(RedisScript script, RedisKey[] keys, RedisValue[] values)
    {
        var connection = _connecting.IsCompletedSuccessfully ? _connecting.Result : await _connecting.WaitAsync(Timeout, _time);
        var database = connection.GetDatabase();
        try
        {
            return await database.ScriptEvaluateAsync(script.Sha1, keys, values).WaitAsync(Timeout, _time);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(script.Text, keys, values).WaitAsync(Timeout, _time);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connecting.IsCompletedSuccessfully)
        {
            await _connecting.Result.DisposeAsync();
        }
        else
        {
            // Still on its first attempt: close it whenever that ends, without holding up the reload.
            _ = _connecting.ContinueWith(
                static task => task.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        connection.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref _down, 1) == 0)
            {
                RedisStoreLog.Unreachable(_logger, _endPoint, e.FailureType.ToString(), e.Exception is { } error ? Brief(error) : "connection failed");
            }
        };
        connection.ConnectionRestored += (_, _) =>
        {
            if (Interlocked.Exchange(ref _down, 0) == 1)
            {
                RedisStoreLog.Connected(_logger, _endPoint);
            }
        };

        if (!connection.IsConnected && Interlocked.Exchange(ref _down, 1) == 0)
        {
            RedisStoreLog.Unreachable(_logger, _endPoint, "initial connect", "no answer yet");
        }

        return connection;
    }

    /// <summary>
    /// The first clause of an error: StackExchange.Redis appends a page of connection diagnostics to its messages,
    /// which is noise in a log line written for an operator.
    /// </summary>
    public static string Brief(Exception error)
    {
        var message = error.Message;
        var end = message.IndexOf(';', StringComparison.Ordinal);
        message = end > 0 ? message[..end] : message;
        return $"{error.GetType().Name}: {(message.Length > 200 ? message[..200] + "…" : message)}";
    }

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "",
    };
}
