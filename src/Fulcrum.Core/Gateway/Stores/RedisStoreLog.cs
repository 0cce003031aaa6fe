using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Stores;

/// <summary>The Redis store's log messages (event ids 625x): written when the connection changes state, not per command.</summary>
internal static partial class RedisStoreLog
{
    [LoggerMessage(6251, LogLevel.Warning, "Redis store {EndPoint} is unreachable ({FailureType}); reconnecting in the background: {Error}")]
    public static partial void Unreachable(ILogger logger, string endPoint, string failureType, string error);

    [LoggerMessage(6252, LogLevel.Information, "Redis store {EndPoint} connected")]
    public static partial void Connected(ILogger logger, string endPoint);
}
