using System.CommandLine;
using Fulcrum.Demo;
using Fulcrum.Hosting;

namespace Fulcrum.Cli;

/// <summary>Starts the demo model servers on their own, for examples/chatgpt.yaml.</summary>
internal static class BackendsCommand
{
    public static Command Create()
    {
        var basePort = new Option<int>("--base-port") { Description = "First port; the five servers take consecutive ports.", DefaultValueFactory = _ => 5001 };
        var command = new Command("backends", "Run the demo backends (text ×2, image ×2, voice ×1) for examples/chatgpt.yaml.");
        command.Options.Add(basePort);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var backends = await DemoBackends.StartAsync(parse.GetValue(basePort), cancellationToken);
            foreach (var backend in backends.Backends)
            {
                Console.WriteLine($"{backend.Instance,-8} {backend.Address}");
            }

            using var signals = new SignalWaiter(static () => { });
            await signals.Shutdown;
            return FulcrumCli.ExitOk;
        });
        return command;
    }
}
