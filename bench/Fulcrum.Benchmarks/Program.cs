using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*' --job short</c>.
/// Every BenchmarkDotNet switch works (<c>--list flat</c>, <c>--filter '*Route*'</c>, <c>--job medium</c>).
/// <c>--allocations trace.nettrace</c> prints what a traced process allocated, by type (<see cref="AllocationReport"/>).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["--allocations", var trace, ..])
        {
            AllocationReport.Print(trace, args.Length > 2 && double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out var b) ? b : null);
            return;
        }

        // Reports land beside the project (bin/Release/net10.0/ → three levels up) wherever the command is run from.
        var artifacts = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "BenchmarkDotNet.Artifacts"));
        var config = DefaultConfig.Instance
            .WithArtifactsPath(artifacts)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(32)); // "consistentHash/maglev" in full
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
