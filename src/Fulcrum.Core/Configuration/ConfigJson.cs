using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Configuration;

/// <summary>How a config is written as JSON (config dump, admin API): camelCase, durations as written in YAML.</summary>
internal static class ConfigJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new DurationConverter() },
    };

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Duration.TryParse(reader.GetString() ?? "", out var value) ? value : throw new JsonException("not a duration");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Duration.Format(value));
    }
}
