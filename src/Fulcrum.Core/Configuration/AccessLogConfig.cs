namespace Fulcrum.Configuration;

internal sealed record AccessLogConfig
{
    public bool Enabled { get; init; } = true;

    /// <summary><c>json</c> (one JSON object per line) or <c>combined</c> (nginx's combined format).</summary>
    public string Format { get; init; } = "json";

    /// <summary><c>stdout</c> or a file path (appended to).</summary>
    public string Path { get; init; } = "stdout";
}
