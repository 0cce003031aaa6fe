using System.Net;
using Fulcrum.Clusters;
using Fulcrum.L4.Tcp;
using Fulcrum.Observability;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Health;

/// <summary>
/// Probes every destination of one cluster in the background, off the request path. Each round reads the
/// cluster's current model and destinations, so a reload that changes the interval or the destinations needs
/// no restart. Probes of one round run in parallel, each bounded by the timeout.
/// </summary>
internal sealed class ActiveHealthChecker : IAsyncDisposable
{
    private readonly ClusterState _cluster;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ActiveHealthChecker(ClusterState cluster, TimeProvider time, ILogger logger)
    {
        _cluster = cluster;
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var model = _cluster.Model;
            if (model.ActiveHealth is not { } settings)
            {
                return;
            }

            var destinations = _cluster.All.Items;
            var probes = new Task<bool>[destinations.Length];
            for (var i = 0; i < destinations.Length; i++)
            {
                probes[i] = ProbeAsync(model, settings, destinations[i]);
            }

            var changed = false;
            for (var i = 0; i < destinations.Length; i++)
            {
                var healthy = await probes[i];
                if (destinations[i].Health.RecordProbe(healthy, settings.HealthyAfter, settings.UnhealthyAfter))
                {
                    changed = true;
                    if (healthy)
                    {
                        GatewayLog.DestinationHealthy(_logger, _cluster.Name, destinations[i].Name);
                    }
                    else
                    {
                        GatewayLog.DestinationUnhealthy(_logger, _cluster.Name, destinations[i].Name);
                    }
                }
            }

            if (changed)
            {
                _cluster.RecomputeAvailable();
            }

            try
            {
                await Task.Delay(settings.Interval, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> ProbeAsync(ClusterModel model, ActiveHealthModel settings, DestinationState destination)
    {
        if (settings.TcpConnect)
        {
            var (socket, _) = await TcpConnector.ConnectAsync(destination.Model.EndPoint, settings.Timeout, _time, _stop.Token);
            socket?.Dispose();
            return socket is not null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, destination.Model.Prefix + settings.Path)
            {
                Version = model.RequestConfig.Version ?? HttpVersion.Version11,
                VersionPolicy = model.RequestConfig.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
            };
            using var response = await model.Invoker.SendAsync(request, timeout.Token);
            return settings.ExpectedStatus.Contains((int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
