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
        Converters = { new DurationConverter(), new PolicyConverter() },
    };

    /// <summary>A policy is written with the settings of its own type, not just the base record's <c>type</c>.</summary>
    private sealed class PolicyConverter : JsonConverter<PolicyConfig>
    {
        public override PolicyConfig Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("configs are read from YAML by the config binder");

        public override void Write(Utf8JsonWriter writer, PolicyConfig value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }

    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Duration.TryParse(reader.GetString() ?? "", out var value) ? value : throw new JsonException("not a duration");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Duration.Format(value));
    }
}
