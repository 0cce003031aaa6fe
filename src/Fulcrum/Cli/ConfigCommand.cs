using System.CommandLine;
using System.Text.Json;
using Fulcrum.Admin;
using Fulcrum.Configuration;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Cli;

internal static class ConfigCommand
{
    public static Command Create()
    {
        var config = new Command("config", "Work with config files.");
        var file = new Option<string>("--config", "-c") { Description = "The config file.", Required = true };
        var showSecrets = new Option<bool>("--show-secrets") { Description = "Print tokens, passwords and key hashes instead of ***." };
        var dump = new Command("dump", "Print the effective config (defaults filled in, ${ENV} substituted, secrets masked) as JSON.");
        dump.Options.Add(file);
        dump.Options.Add(showSecrets);
        dump.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = ConfigLoader.LoadFile(path);
            if (!result.Succeeded)
            {
                ConfigErrorPrinter.Print(path, result.Errors);
                return FulcrumCli.ExitInvalidConfig;
            }

            Console.WriteLine(parse.GetValue(showSecrets)
                ? JsonSerializer.Serialize(result.Config, ConfigJson.Options)
                : ConfigRedaction.Redact(result.Config!).ToJsonString(ConfigJson.Options));
            return FulcrumCli.ExitOk;
        });
        config.Subcommands.Add(dump);
        return config;
    }
}
