using Microsoft.Extensions.Logging;

namespace Fulcrum.Listeners;

/// <summary>
/// The logger factory of an h2c listener's Kestrel server. Kestrel warns at every start that "HTTP/2 is not enabled"
/// on a cleartext HTTP/1.1-and-HTTP/2 endpoint (its event 64), which is true of Kestrel alone but not of the listener:
/// <see cref="H2cPriorKnowledge"/> serves HTTP/2 there. That one event is dropped so operators are not told the
/// opposite of what happens; everything else passes through. Does not own the inner factory.
/// </summary>
internal sealed class H2cStartupWarningFilter : ILoggerFactory
{
    /// <summary>Kestrel's "HTTP/2 is not enabled for {endpoint}... TLS is not enabled" event.</summary>
    public const int Http2DisabledWithoutTls = 64;

    private readonly ILoggerFactory _inner;

    public H2cStartupWarningFilter(ILoggerFactory inner) => _inner = inner;

    public ILogger CreateLogger(string categoryName)
    {
        var logger = _inner.CreateLogger(categoryName);
        return categoryName.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) ? new Filtered(logger) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => _inner.AddProvider(provider);

    public void Dispose()
    {
    }

    private sealed class Filtered(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != Http2DisabledWithoutTls)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
