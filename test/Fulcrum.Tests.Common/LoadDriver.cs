using System.Collections.Concurrent;
using System.Diagnostics;

namespace Fulcrum.Tests.Common;

/// <summary>
/// Bounded load: a few concurrent workers send GETs until a request count or a deadline is reached, or they are
/// stopped. Counts every outcome, so a test can assert "failed 0 of N".
/// </summary>
public sealed class LoadDriver
{
    private readonly HttpClient _client;
    private readonly string _url;
    private readonly int _workers;
    private readonly int _maxRequests;
    private readonly TimeSpan _maxDuration;
    private readonly CancellationTokenSource _stop = new();
    private int _started;
    private int _succeeded;

    public LoadDriver(HttpClient client, string url, int workers = 8, int maxRequests = 20_000, TimeSpan? maxDuration = null)
    {
        _client = client;
        _url = url;
        _workers = workers;
        _maxRequests = maxRequests;
        _maxDuration = maxDuration ?? TimeSpan.FromSeconds(30);
    }

    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Requests that completed, successfully or not.</summary>
    public int Total => Succeeded + Failures.Count;

    public ConcurrentQueue<string> Failures { get; } = new();

    private Task? _run;

    public void Start() => _run = Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(WorkAsync)));

    /// <summary>False once every worker has stopped: stopped, or its request count or deadline reached.</summary>
    public bool IsRunning => _run is { IsCompleted: false };

    /// <summary>
    /// Waits until <paramref name="condition"/> holds while this load drives it. If the load ends first (its request
    /// budget or deadline ran out), says so instead of timing out as if the gateway had stopped serving.
    /// </summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        await Wait.UntilAsync(() => condition() || !IsRunning, what, timeout);
        if (!condition())
        {
            throw new InvalidOperationException(
                $"the load ended ({Total} of at most {_maxRequests} requests, deadline {_maxDuration.TotalSeconds:0.#}s) before {what}");
        }
    }

    /// <summary>Waits until the workers reach their request count or deadline by themselves.</summary>
    public Task RunToEndAsync() => _run ?? Task.CompletedTask;

    /// <summary>Stops the workers and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }
    }

    private async Task WorkAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested && clock.Elapsed < _maxDuration && Interlocked.Increment(ref _started) <= _maxRequests)
        {
            try
            {
                using var response = await _client.GetAsync(_url);
                var body = await response.Content.ReadAsStringAsync();
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _succeeded);
                }
                else
                {
                    Failures.Enqueue($"{(int)response.StatusCode}: {body}");
                }
            }
            catch (HttpRequestException e)
            {
                Failures.Enqueue(e.Message);
            }
            catch (TaskCanceledException)
            {
                // HttpClient.Timeout: the request neither succeeded nor failed visibly, which is worse.
                Failures.Enqueue($"timed out after {_client.Timeout.TotalSeconds:0.#}s");
            }
        }
    }
}
