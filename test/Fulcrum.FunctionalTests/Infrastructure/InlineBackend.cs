using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// A real Kestrel backend on 127.0.0.1:0 running one handler, for the few forwarding scenarios that need to see
/// something <see cref="Fulcrum.Tests.Common.TestBackend"/> does not show (the raw request target) or to pace a
/// response under the test's control; with <see cref="HttpProtocols.Http2"/> it is a cleartext HTTP/2 backend,
/// to which the forwarder passes a response on while the request body is still streaming.
/// </summary>
internal sealed class InlineBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InlineBackend(WebApplication app, int port)
    {
        _app = app;
        Address = $"http://127.0.0.1:{port}";
    }

    public string Address { get; }

    public static async Task<InlineBackend> StartAsync(RequestDelegate handler, HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = null;
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = protocols);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new InlineBackend(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        using var immediately = new CancellationTokenSource();
        await immediately.CancelAsync();
        await _app.StopAsync(immediately.Token);
        await _app.DisposeAsync();
    }
}
