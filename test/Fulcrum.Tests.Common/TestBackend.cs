using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A real Kestrel backend on 127.0.0.1. Answers with a JSON echo of what it received (its name, method, path,
/// query, headers) unless told otherwise; <c>/healthz</c> follows <see cref="Healthy"/>; <c>/echo</c> streams the
/// request body back; <c>/ws</c> is a WebSocket echo; <c>/slow?ms=N</c> answers after N ms. It can be stopped
/// and started again on the same port to play a crashed and recovered server.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private WebApplication? _app;
    private int _requests;
    private int _healthProbes;

    private readonly X509Certificate2? _certificate;

    private TestBackend(string name, HttpProtocols protocols, X509Certificate2? certificate)
    {
        Name = name;
        Protocols = protocols;
        _certificate = certificate;
    }

    public string Name { get; }

    public HttpProtocols Protocols { get; }

    public int Port { get; private set; }

    /// <summary>https:// when the backend was started with a certificate.</summary>
    public string Address => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}";

    public volatile bool Healthy = true;

    /// <summary>When set, every non-health request is answered with this status.</summary>
    public volatile int ForcedStatus;

    /// <summary>Requests served, health probes excluded.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests to <c>/healthz</c>.</summary>
    public int HealthProbes => Volatile.Read(ref _healthProbes);

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>With <paramref name="certificate"/>, serves TLS (ALPN per <paramref name="protocols"/>).</summary>
    public static async Task<TestBackend> StartAsync(string name, HttpProtocols protocols = HttpProtocols.Http1, X509Certificate2? certificate = null)
    {
        var backend = new TestBackend(name, protocols, certificate);
        await backend.StartOnPortAsync(0);
        return backend;
    }

    /// <summary>Starts again on the port it had, after <see cref="StopAsync"/>.</summary>
    public Task RestartAsync() => StartOnPortAsync(Port);

    public void ResetCounters()
    {
        Interlocked.Exchange(ref _requests, 0);
        Received.Clear();
    }

    private async Task StartOnPortAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, port, o =>
            {
                o.Protocols = Protocols;
                if (_certificate is not null)
                {
                    o.UseHttps(_certificate);
                }
            });
        });
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/healthz")
        {
            Interlocked.Increment(ref _healthProbes);
            context.Response.StatusCode = Healthy ? 200 : 503;
            return;
        }

        Interlocked.Increment(ref _requests);
        Received.Enqueue(new ReceivedRequest(
            request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.Protocol));

        if (ForcedStatus != 0)
        {
            context.Response.StatusCode = ForcedStatus;
            await context.Response.WriteAsync($"{Name} forced {ForcedStatus}\n");
            return;
        }

        if (request.Path == "/ws" && context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        }

        if (request.Path == "/echo")
        {
            context.Response.ContentType = request.ContentType ?? "application/octet-stream";
            await request.Body.CopyToAsync(context.Response.Body, context.RequestAborted);
            return;
        }

        if (request.Path.StartsWithSegments("/slow") && int.TryParse(request.Query["ms"], out var ms))
        {
            await Task.Delay(ms, context.RequestAborted);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new BackendAnswer(
            Name, request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.Host.Value ?? "", request.Protocol)));
    }

    /// <summary>Stops abruptly: open connections are closed, the port refuses until a restart.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var immediately = new CancellationTokenSource();
            await immediately.CancelAsync();
            await app.StopAsync(immediately.Token);
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

public sealed record ReceivedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Protocol);

public sealed record BackendAnswer(string Backend, string Method, string Path, string Query, string Host, string Protocol);
