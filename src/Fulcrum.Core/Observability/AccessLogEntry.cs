namespace Fulcrum.Observability;

/// <summary>One finished request, as the access log writes it.</summary>
internal sealed record AccessLogEntry(
    DateTimeOffset Timestamp,
    string Client,
    string Method,
    string Host,
    string Path,
    string Protocol,
    int Status,
    long BytesSent,
    TimeSpan Duration,
    TimeSpan? UpstreamDuration,
    string? Listener,
    string? Route,
    string? Cluster,
    string? Destination,
    string? Consumer,
    string? UserAgent,
    string? Referer,
    AccessLogFlags Flags);
