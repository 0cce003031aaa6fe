namespace Fulcrum.Configuration;

internal sealed record ObservabilityConfig
{
    /// <summary>One line per request; off unless this section is present.</summary>
    public AccessLogConfig? AccessLog { get; init; }

    /// <summary>Export metrics and traces over OTLP; read at start (a change needs a restart).</summary>
    public OtlpConfig? Otlp { get; init; }
}
