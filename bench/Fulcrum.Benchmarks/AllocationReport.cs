using Microsoft.Diagnostics.Tracing;

namespace Fulcrum.Benchmarks;

/// <summary>
/// What a process allocated, by type: reads a <c>dotnet-trace collect --profile gc-verbose</c> file and sums its
/// AllocationTick events (the runtime emits one about every 100 KB allocated, naming the type that crossed the mark,
/// so shares are statistical, and good to a percent or two over a few hundred events). <c>bench/macro/profile.sh</c>
/// runs it; by hand: <c>dotnet bench/Fulcrum.Benchmarks/bin/Release/net10.0/Fulcrum.Benchmarks.dll --allocations
/// trace.nettrace [bytes-per-request]</c>.
/// </summary>
internal static class AllocationReport
{
    public static void Print(string trace, double? bytesPerRequest, int top = 20)
    {
        var totals = new Dictionary<string, long>();
        long all = 0;
        var events = 0;
        using (var source = new EventPipeEventSource(trace))
        {
            source.Clr.GCAllocationTick += e =>
            {
                var name = e.TypeName ?? "?";
                totals[name] = totals.GetValueOrDefault(name) + e.AllocationAmount64;
                all += e.AllocationAmount64;
                events++;
            };
            source.Process();
        }

        Console.WriteLine($"{events} allocation samples, {all / 1_000_000.0:0.0} MB");
        foreach (var (name, bytes) in totals.OrderByDescending(pair => pair.Value).Take(top))
        {
            var share = (double)bytes / all;
            var perRequest = bytesPerRequest is { } b ? $"{share * b,7:0} B/request  " : "";
            Console.WriteLine($"{share * 100,6:0.0}%  {perRequest}{name}");
        }
    }
}
