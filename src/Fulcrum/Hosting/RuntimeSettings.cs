using System.Collections;
using System.Runtime.InteropServices;

namespace Fulcrum.Hosting;

/// <summary>
/// .NET runtime settings a proxy wants that .NET reads only from the environment, applied before anything else runs.
/// Measured in bench/RESULTS.md ("Runtime settings"):
/// <list type="bullet">
/// <item><c>TC_CallCountingDelayMs=0</c>: tiered compilation waits for a quiet period (100 ms, ten times that when
/// the process sees one CPU, restarted by every newly compiled method) before it counts calls and promotes hot
/// methods; under constant load from start that took 25–70 s, during which a request cost ~3× its steady CPU.</item>
/// <item><c>ThreadPool_UnfairSemaphoreSpinLimit=0</c>: idle pool threads wait instead of spinning with
/// <c>sched_yield</c>, which on a small machine steals the core the next request needs.</item>
/// </list>
/// <item><c>SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>: socket completions run on the epoll threads instead of
/// being queued to the thread pool, and <c>KestrelHost</c> then lets Kestrel continue on them too (nginx's event
/// loop, in effect): ~0.8× the CPU per HTTP request and no thread hop per TCP read. Safe only because nothing on
/// Fulcrum's request or connection path blocks a thread; code that did would stall every socket of its epoll
/// thread (which is also why console logging drops lines rather than wait for a slow stdout).</item>
/// </list>
/// The tiering setting is read natively at process start, so on Linux the process replaces itself once
/// (<c>execve</c>: same PID, arguments, standard streams) with the settings added. A setting the user already set
/// is left alone; <c>FULCRUM_RUNTIME_SETTINGS=off</c> turns all of this off.
/// </summary>
internal static partial class RuntimeSettings
{
    private const string SwitchVariable = "FULCRUM_RUNTIME_SETTINGS";

    private static readonly (string Name, string Value)[] Defaults =
    [
        ("DOTNET_TC_CallCountingDelayMs", "0"),
        ("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
        ("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1"),
    ];

    /// <summary>Call first in <c>Main</c>. Returns only if no re-execution was needed or it was not possible.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(SwitchVariable) is "off" or "applied")
        {
            return;
        }

        var missing = Defaults.Where(d => Environment.GetEnvironmentVariable(d.Name) is null).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // Settings read by managed code (sockets, thread pool) take effect from here even if re-execution fails.
        foreach (var (name, value) in missing)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        Environment.SetEnvironmentVariable(SwitchVariable, "applied");
        if (OperatingSystem.IsLinux() && CommandLine() is { Length: > 0 } argv)
        {
            var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().Select(e => $"{e.Key}={e.Value}");
            RemoveDiagnosticsSocket();
            Execve("/proc/self/exe", [.. argv, null], [.. environment, null]);

            // Still here: execve failed (a restricted /proc, say). Carry on with what managed code could set.
        }
    }

    /// <summary>
    /// The runtime of this image listens for dotnet-counters, dotnet-trace and dotnet-dump on
    /// <c>dotnet-diagnostic-{pid}-{start time}-socket</c> in the temp directory. The replacement image has the same PID
    /// and start time, so the same name, and cannot bind it while this image's file is still there: the tools would
    /// find the stale file and be refused. Removed just before the replacement, which then binds its own.
    /// </summary>
    private static void RemoveDiagnosticsSocket()
    {
        try
        {
            foreach (var path in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Diagnostics tools will not attach; the gateway runs the same.
        }
    }

    private static string[]? CommandLine()
    {
        try
        {
            var raw = File.ReadAllText("/proc/self/cmdline");
            return raw.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
