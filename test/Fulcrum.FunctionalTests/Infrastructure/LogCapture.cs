using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>Collects the gateway's log lines (Information and up) so a test can assert that a failure was logged.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(int EventId, string Message)> Entries { get; } = new();

    public bool Contains(int eventId, string text) =>
        Entries.Any(e => e.EventId == eventId && e.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Entries.Enqueue((eventId.Id, formatter(state, exception)));
            }
        }
    }
}
