using System.CommandLine;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum [run] [--config FILE]</c>, <c>fulcrum validate FILE</c>, <c>fulcrum config dump --config FILE</c>,
/// <c>fulcrum backends</c>. Exit codes: 0 success, 1 failure while running, 2 invalid config.
/// </summary>
internal static class FulcrumCli
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitInvalidConfig = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Fulcrum: layer 4/7 load balancer and API gateway. Without --config it runs the built-in demo.");
        RunCommand.Configure(root);
        var run = new Command("run", "Run the gateway (the default command).");
        RunCommand.Configure(run);
        root.Subcommands.Add(run);
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(BackendsCommand.Create());
        return root;
    }
}
