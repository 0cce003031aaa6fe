using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Configuration;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Cli;

internal static class ConfigCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new DurationJsonConverter() },
    };

    public static Command Create()
    {
        var config = new Command("config", "Work with config files.");
        var file = new Option<string>("--config", "-c") { Description = "The config file.", Required = true };
        var dump = new Command("dump", "Print the effective config (defaults filled in, ${ENV} substituted) as JSON.");
        dump.Options.Add(file);
        dump.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = ConfigLoader.LoadFile(path);
            if (!result.Succeeded)
            {
                ConfigErrorPrinter.Print(path, result.Errors);
                return FulcrumCli.ExitInvalidConfig;
            }

            Console.WriteLine(JsonSerializer.Serialize(result.Config, Json));
            return FulcrumCli.ExitOk;
        });
        config.Subcommands.Add(dump);
        return config;
    }

    private sealed class DurationJsonConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Duration.TryParse(reader.GetString() ?? "", out var value) ? value : throw new JsonException("not a duration");

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Duration.Format(value));
    }
}
