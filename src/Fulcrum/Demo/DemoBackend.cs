using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Demo;

/// <summary>
/// A stand-in model server for the demo: answers every request with which service and instance served it, and
/// <c>/healthz</c> with 200, so balancing and routing are visible from curl.
/// </summary>
internal sealed class DemoBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoBackend(WebApplication app, string service, string instance, int port)
    {
        _app = app;
        Service = service;
        Instance = instance;
        Port = port;
    }

    public string Service { get; }

    public string Instance { get; }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public static async Task<DemoBackend> StartAsync(string service, string instance, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/healthz", () => "ok\n");
        app.Run(async context =>
        {
            var body = JsonSerializer.Serialize(new
            {
                service,
                instance,
                method = context.Request.Method,
                path = context.Request.Path.Value,
                host = context.Request.Host.Value,
                forwardedFor = context.Request.Headers["X-Forwarded-For"].ToString(),
            });
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body + "\n", context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DemoBackend(app, service, instance, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
