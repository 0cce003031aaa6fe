using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Fulcrum.Hosting;

/// <summary>Console logging as operators read it: one line per event, framework chatter only when it matters.</summary>
internal static class GatewayLogging
{
    public static ILoggerFactory CreateConsole(LogLevel level) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(level)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("Yarp", LogLevel.Error)
        // ASP.NET Core starts an Activity for every request whenever this category logs at any level (for log scopes);
        // it only logs request start/finish, which the access log covers, and the activity cost ~2 % of a request's CPU.
        .AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
            options.UseUtcTimestamp = false;
        })
        // The console logger queues lines for a writer thread and, by default, blocks the logging thread when the
        // queue is full. Requests run on the socket event threads (inline completions), so a burst of warnings (a
        // destination dying under load) written to a slow stdout would stall every connection of that thread.
        // Dropping lines past a deep queue is the lesser harm; the metrics still count every failure.
        .Services.Configure<ConsoleLoggerOptions>(options =>
        {
            options.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
            options.MaxQueueLength = 10_000;
        }));
}
