namespace Fulcrum.Configuration;

internal sealed record OtlpConfig
{
    /// <summary>The collector, such as <c>http://127.0.0.1:4318</c> (http/protobuf) or <c>http://127.0.0.1:4317</c> (grpc).</summary>
    public string Endpoint { get; init; } = "";

    /// <summary><c>http/protobuf</c> or <c>grpc</c>.</summary>
    public string Protocol { get; init; } = "http/protobuf";

    /// <summary>How often metrics are pushed, and the longest a finished span waits in the export batch.</summary>
    public TimeSpan ExportInterval { get; init; } = TimeSpan.FromSeconds(10);

    public bool Traces { get; init; } = true;

    public bool Metrics { get; init; } = true;
}
