namespace Fulcrum.Configuration.Validation;

internal static class ObservabilityRules
{
    public static readonly IReadOnlyList<string> AccessLogFormats = ["json", "combined"];
    public static readonly IReadOnlyList<string> OtlpProtocols = ["http/protobuf", "grpc"];

    public static void Validate(GatewayConfig config, ConfigErrors errors)
    {
        if (config.Observability.AccessLog is { } accessLog)
        {
            ConfigValidator.OneOf(errors, "observability.accessLog.format", accessLog.Format, AccessLogFormats);
            if (accessLog.Path.Length == 0)
            {
                errors.Add("observability.accessLog.path", "give stdout or a file path");
            }
        }

        if (config.Observability.Otlp is { } otlp)
        {
            if (!Uri.TryCreate(otlp.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add("observability.otlp.endpoint", $"'{otlp.Endpoint}' is not an http:// or https:// address such as http://127.0.0.1:4318");
            }

            ConfigValidator.OneOf(errors, "observability.otlp.protocol", otlp.Protocol, OtlpProtocols);
            ConfigValidator.Positive(errors, "observability.otlp.exportInterval", otlp.ExportInterval);
        }
    }
}
