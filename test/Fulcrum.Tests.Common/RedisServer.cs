using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A real <c>redis-server</c> for one test: on 127.0.0.1 at a free port, in its own temporary directory, with
/// persistence off (<c>--save "" --appendonly no</c>). Started when <see cref="StartAsync"/> returns (PING answered),
/// killed by its PID on <see cref="KillAsync"/> or dispose, and startable again on the same port to play a
/// Redis that crashed and came back. A machine without redis-server fails the test with how to get it, never
/// skips it: <c>./test.sh</c> installs it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _directory;
    private Process? _process;

    private RedisServer(string executable, string directory, int port)
    {
        _executable = executable;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string, for <c>stores.redis.connection</c>.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    public bool Running => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        var executable = Find("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not on PATH: run ./test.sh, which installs it, or apt-get install -y redis-server");
        var server = new RedisServer(executable, Directory.CreateTempSubdirectory("fulcrum-redis-").FullName, LoopbackPorts.Unused());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        if (Running)
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        var start = new ProcessStartInfo(_executable)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", _directory, "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "warning",
            "--enable-debug-command", "local",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await Wait.UntilAsync(async () => process.HasExited || await PingAsync(), $"redis-server answers PING on port {Port}", TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw;
        }

        if (process.HasExited)
        {
            string log;
            lock (output)
            {
                log = output.ToString();
            }

            throw new InvalidOperationException($"redis-server exited with {process.ExitCode}:\n{log}");
        }
    }

    /// <summary>Kills the server at once, as a crash would (by its PID), and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
    }

    /// <summary>Sends one command in RESP's inline form and returns the raw reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    /// <summary>The number of keys in database 0 (DBSIZE).</summary>
    public async Task<long> KeyCountAsync()
    {
        var reply = await CommandAsync("DBSIZE");
        return long.Parse(reply.TrimStart(':').Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

}
