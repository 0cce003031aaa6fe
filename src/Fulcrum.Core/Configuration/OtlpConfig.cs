namespace Fulcrum.Configuration;

internal sealed record OtlpConfig
{
    /// <summary>The collector, such as <c>http://127.0.0.1:4318</c> (http/protobuf) or <c>http://127.0.0.1:4317</c> (grpc).</summary>
    public string Endpoint { get; init; } = "";

    /// <summary><c>http/protobuf</c> or <c>grpc</c>.</summary>
    public string Protocol { get; init; } = "http/protobuf";

    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(15);

    public bool Traces { get; init; } = true;

    public bool Metrics { get; init; } = true;
}
