using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Cors;

/// <summary>The CORS policy's log messages (event ids 62xx). Refusals are the policy working, so Debug.</summary>
internal static partial class CorsLog
{
    [LoggerMessage(6201, LogLevel.Debug, "Policy {Policy}: preflight from origin {Origin} for {Method} refused: {Reason}")]
    public static partial void PreflightRefused(ILogger logger, string policy, string origin, string method, string reason);
}
