using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// The gateway as a separate process (the built <c>fulcrum</c> executable), for what only a process shows: exit
/// codes, signals, standard output. Stopped by its own PID only.
/// </summary>
internal sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private GatewayProcess(Process process, bool readStdout)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        if (readStdout)
        {
            process.BeginOutputReadLine();
        }

        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout => string.Join("\n", _stdout);

    public string Stderr => string.Join("\n", _stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>fulcrum</c>; an <paramref name="environment"/> value of null removes that variable.</summary>
    /// <param name="readStdout">False leaves standard output unread, so its pipe fills: a stuck log consumer.</param>
    public static GatewayProcess Start(IEnumerable<string> arguments, IDictionary<string, string?>? environment = null, bool readStdout = true)
    {
        var fulcrum = Path.Combine(AppContext.BaseDirectory, "fulcrum.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(fulcrum);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return new GatewayProcess(Process.Start(info)!, readStdout);
    }

    /// <summary>Runs to completion (bounded) and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        await using var process = Start(arguments);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process.ExitCode, process.Stdout, process.Stderr);
    }

    /// <summary>Waits for the "listening: NAME http://ADDRESS" line and returns the address.</summary>
    public async Task<string> WaitForListenerAsync(string name)
    {
        string? url = null;
        await Wait.UntilAsync(() =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{Stdout}\n{Stderr}");
            }

            foreach (var line in _stdout)
            {
                var match = ListeningLine().Match(line);
                if (match.Success && match.Groups[1].Value == name)
                {
                    url = match.Groups[2].Value;
                    return true;
                }
            }

            return false;
        }, $"listener {name} is announced", TimeSpan.FromSeconds(60));
        return url!;
    }

    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => Stdout.Contains(text, StringComparison.Ordinal) || Stderr.Contains(text, StringComparison.Ordinal), $"output contains '{text}'", timeout ?? TimeSpan.FromSeconds(30));

    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    [GeneratedRegex(@"^listening: (\S+) (https?://\S+)$")]
    private static partial Regex ListeningLine();
}

internal static class Signals
{
    public const int SIGHUP = 1;
    public const int SIGTERM = 15;
}
