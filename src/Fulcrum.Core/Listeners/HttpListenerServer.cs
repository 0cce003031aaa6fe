using System.Net;
using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Listeners;

/// <summary>
/// One Kestrel server per listener, so a reload can bind, rebind or close one listener without touching the
/// others, and stopping one drains its in-flight requests (Kestrel's graceful shutdown) before closing.
/// </summary>
internal sealed class HttpListenerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpListenerServer(WebApplication app, IPEndPoint boundEndPoint)
    {
        _app = app;
        BoundEndPoint = boundEndPoint;
    }

    /// <summary>The address actually bound (the real port when the config said port 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    public static async Task<HttpListenerServer> StartAsync(
        ListenerState listener, ProxyHandler handler, ILoggerFactory loggerFactory, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var endPoint = listener.Model.EndPoint;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Fulcrum" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = drainTimeout);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var listen = (Action<ListenOptions>)(options => options.Protocols = HttpProtocols.Http1);
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(endPoint.Port, listen);
            }
            else
            {
                kestrel.Listen(endPoint, listen);
            }
        });

        var app = builder.Build();
        app.Run(context => handler.HandleAsync(context, listener));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
        return new HttpListenerServer(app, new IPEndPoint(endPoint.Address, port));
    }

    /// <summary>Stops accepting, lets in-flight requests finish (up to the drain timeout), then closes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _app.StopAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
