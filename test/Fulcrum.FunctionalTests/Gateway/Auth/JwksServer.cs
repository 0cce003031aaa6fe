using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// A real OpenID Connect issuer on loopback for the tests: <c>/.well-known/openid-configuration</c> and <c>/jwks</c>
/// serving the public halves of keys the test publishes, counting every fetch and every TCP connection. It can
/// fail (503), redirect, or stop and start again on the same port to play an outage. The same class serves as a
/// honeypot: bound elsewhere (127.0.0.2), it must see no connection at all.
/// </summary>
internal sealed class JwksServer : IAsyncDisposable
{
    private readonly IPAddress _address;
    private readonly List<TestSigningKey> _keys = [];
    private WebApplication? _app;
    private int _jwksFetches;
    private int _discoveryFetches;
    private int _requests;
    private int _connections;

    private JwksServer(IPAddress address) => _address = address;

    public int Port { get; private set; }

    public string BaseUrl => $"http://{_address}:{Port}";

    public string JwksUrl => BaseUrl + "/jwks";

    /// <summary>The issuer the discovery document names; by default the server's own URL, as the spec requires.</summary>
    public string? IssuerOverride { get; set; }

    public string Issuer => IssuerOverride ?? BaseUrl;

    /// <summary>When set, <c>/jwks</c> answers 302 to this URL.</summary>
    public string? RedirectJwksTo { get; set; }

    /// <summary>When set, every answer is this status (an issuer in trouble).</summary>
    public int ForcedStatus { get; set; }

    public int JwksFetches => Volatile.Read(ref _jwksFetches);

    public int DiscoveryFetches => Volatile.Read(ref _discoveryFetches);

    public int Requests => Volatile.Read(ref _requests);

    public int Connections => Volatile.Read(ref _connections);

    public static async Task<JwksServer> StartAsync(params TestSigningKey[] keys) => await StartAsync(IPAddress.Loopback, keys);

    public static async Task<JwksServer> StartAsync(IPAddress address, params TestSigningKey[] keys)
    {
        var server = new JwksServer(address);
        server.Publish(keys);
        await server.StartOnPortAsync(0);
        return server;
    }

    public void Publish(params TestSigningKey[] keys)
    {
        lock (_keys)
        {
            _keys.AddRange(keys);
        }
    }

    public void Remove(TestSigningKey key)
    {
        lock (_keys)
        {
            _keys.Remove(key);
        }
    }

    /// <summary>Stops abruptly: the port refuses connections until <see cref="RestartAsync"/>.</summary>
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

    public Task RestartAsync() => StartOnPortAsync(Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartOnPortAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(_address, port, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref _connections);
            return next(connection);
        })));
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (ForcedStatus != 0)
        {
            context.Response.StatusCode = ForcedStatus;
            return;
        }

        object document;
        switch (context.Request.Path.Value)
        {
            case "/.well-known/openid-configuration":
                Interlocked.Increment(ref _discoveryFetches);
                document = new Dictionary<string, object> { ["issuer"] = Issuer, ["jwks_uri"] = JwksUrl };
                break;
            case "/jwks" or "/jwks-moved":
                Interlocked.Increment(ref _jwksFetches);
                if (RedirectJwksTo is { } target && context.Request.Path == "/jwks")
                {
                    context.Response.StatusCode = StatusCodes.Status302Found;
                    context.Response.Headers.Location = target;
                    return;
                }

                lock (_keys)
                {
                    document = new { keys = _keys.Select(k => k.PublicJwk()).ToList() };
                }

                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(document));
    }
}
