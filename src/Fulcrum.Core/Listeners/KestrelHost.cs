using System.Net;
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
/// One Kestrel server on one address (a listener, or the admin API). Each is its own small host, so a reload can
/// bind, rebind or close one without touching the others, and stopping one drains its in-flight requests
/// (Kestrel's graceful shutdown, bounded by the drain timeout) before closing.
/// </summary>
internal sealed class KestrelHost : IListenerServer
{
    private const string RejectBareLineFeeds = "Microsoft.AspNetCore.Server.Kestrel.DisableHttp1LineFeedTerminators";
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, IPEndPoint boundEndPoint)
    {
        _app = app;
        BoundEndPoint = boundEndPoint;
    }

    private static bool InlineCompletions { get; } =
        OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    /// <summary>The address actually bound (the real port when the config said port 0).</summary>
    public IPEndPoint BoundEndPoint { get; }

    public static async Task<KestrelHost> StartAsync(
        IPEndPoint endPoint,
        ILoggerFactory loggerFactory,
        TimeSpan drainTimeout,
        Action<ListenOptions> listen,
        Action<IServiceCollection> services,
        Action<WebApplication> configure,
        CancellationToken cancellationToken)
    {
        // Kestrel takes a bare LF for a line end by default (RFC 9112 §2.2 allows it). A gateway must not: behind a
        // proxy that keeps "a\nInjected: 1" as one header value, Kestrel would split it into two and Fulcrum would
        // forward a header the first hop never saw. The switch is process-wide and read when options are created.
        AppContext.SetSwitch(RejectBareLineFeeds, true);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Fulcrum" });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = drainTimeout);
        builder.WebHost.UseSockets(sockets =>
        {
            // When socket completions run on the epoll threads (Hosting/RuntimeSettings sets that up), let Kestrel
            // continue on them too instead of hopping to the thread pool: one thread carries a request from read to
            // write. Nothing on Fulcrum's request path blocks, which is what makes this safe. Only ever switched on
            // here: a listener kind whose code never blocks (tcp) turns it on for itself regardless.
            if (InlineCompletions)
            {
                sockets.UnsafePreferInlineScheduling = true;
            }

        });
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(endPoint.Port, listen);
            }
            else
            {
                kestrel.Listen(endPoint, listen);
            }
        });

        // After Kestrel's registrations, so a listener's own services (a memory pool factory) replace Kestrel's.
        services(builder.Services);
        var app = builder.Build();
        configure(app);
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
        return new KestrelHost(app, new IPEndPoint(endPoint.Address, port));
    }

    /// <summary>Stops accepting, lets in-flight requests finish (up to the drain timeout), then closes.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
