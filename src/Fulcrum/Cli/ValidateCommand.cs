using System.CommandLine;
using Fulcrum.Configuration.Loading;

namespace Fulcrum.Cli;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The config file to check (YAML or JSON)." };
        var command = new Command("validate", "Check a config file: exit 0 when valid, else print every error and exit 2.");
        command.Arguments.Add(file);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var result = ConfigLoader.LoadFile(path);
            if (!result.Succeeded)
            {
                ConfigErrorPrinter.Print(path, result.Errors);
                return FulcrumCli.ExitInvalidConfig;
            }

            var config = result.Config!;
            Console.WriteLine($"{path}: valid ({config.Listeners.Count} listeners, {config.Routes.Count} routes, {config.Clusters.Count} clusters)");
            return FulcrumCli.ExitOk;
        });
        return command;
    }
}
