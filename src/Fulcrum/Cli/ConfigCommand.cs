using System.CommandLine;
using System.Text.Json;
using Fulcrum.Configuration;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Cli;

internal static class ConfigCommand
{
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

            Console.WriteLine(JsonSerializer.Serialize(result.Config, ConfigJson.Options));
            return FulcrumCli.ExitOk;
        });
        config.Subcommands.Add(dump);
        return config;
    }
}
