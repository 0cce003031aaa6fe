using Fulcrum.Listeners;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.Listeners;

public sealed class H2cStartupWarningFilterTests
{
    [Fact]
    public void Log_KestrelHttp2DisabledWarning_DroppedOthersKept()
    {
        var provider = new CapturingProvider();
        using var inner = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        var filter = new H2cStartupWarningFilter(inner);

        filter.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning(new EventId(64), "HTTP/2 is not enabled");
        filter.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").LogWarning(new EventId(22), "heartbeat slow");
        filter.CreateLogger("Fulcrum.Pipeline.ProxyHandler").LogWarning(new EventId(64), "not Kestrel's");

        Assert.Equal(["heartbeat slow", "not Kestrel's"], provider.Messages);
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capturing(Messages);

        public void Dispose()
        {
        }

        private sealed class Capturing(List<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Add(formatter(state, exception));
        }
    }
}
