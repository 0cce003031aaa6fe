using System.Diagnostics;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// Runs a real client program (<c>curl</c>, <c>nghttp</c>, <c>openssl s_client</c>) to completion, bounded in time;
/// on timeout it kills the process it started, by its own PID, and fails. test.sh installs the programs.
/// </summary>
internal static class ExternalTool
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, params string[] arguments) =>
        RunAsync(program, input: null, keepInputOpen: false, arguments);

    /// <summary>
    /// With <paramref name="input"/>: written to the program's standard input, which is then closed, or with
    /// <paramref name="keepInputOpen"/> left open (a program like <c>s_client</c> ends its session at end of input)
    /// until the program exits by itself or the deadline.
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, string? input, bool keepInputOpen, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{program}' is not installed ({e.Message}); ./test.sh installs it", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                await process.StandardInput.FlushAsync();
                if (!keepInputOpen)
                {
                    process.StandardInput.Close();
                }
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 30 s");
            }

            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
