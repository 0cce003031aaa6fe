using System.Net;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Access;

/// <summary>The access policies' log messages (event ids 61xx). Refusals are the policy working, so Debug.</summary>
internal static partial class AccessPolicyLog
{
    [LoggerMessage(6101, LogLevel.Debug, "Policy {Policy}: client address {Address} refused")]
    public static partial void AddressRefused(ILogger logger, string policy, IPAddress? address);

    [LoggerMessage(6102, LogLevel.Debug, "Policy {Policy}: {What} over the limit of {Limit} refused with {Status}")]
    public static partial void RequestTooLarge(ILogger logger, string policy, string what, long limit, int status);
}
