using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>Console logging as operators read it: one line per event, framework chatter only when it matters.</summary>
internal static class GatewayLogging
{
    public static ILoggerFactory CreateConsole(LogLevel level) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("Yarp", LogLevel.Error)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.UseUtcTimestamp = false;
        }));
}
