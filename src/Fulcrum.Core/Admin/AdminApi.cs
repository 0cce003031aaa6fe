using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fulcrum.Configuration.Loading;
using Fulcrum.Dashboard;
using Fulcrum.Listeners;
using Fulcrum.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Fulcrum.Admin;

/// <summary>
/// The admin listener: the dashboard at <c>/</c>, the JSON API under <c>/api</c>, Prometheus text at
/// <c>/metrics</c>, and <c>/livez</c>/<c>/readyz</c>. With <c>admin.token</c> set, <c>/api</c> and
/// <c>/metrics</c> need <c>Authorization: Bearer TOKEN</c>; probes and the dashboard's static files never do.
/// </summary>
internal sealed class AdminApi
{
    private const long MaxBodyBytes = 1 << 20;
    private readonly GatewayRuntime _runtime;
    private readonly MeterProvider _meters;
    private readonly TimeProvider _time;

    public AdminApi(GatewayRuntime runtime, MeterProvider meters, TimeProvider time)
    {
        _runtime = runtime;
        _meters = meters;
        _time = time;
    }

    /// <summary>Null when the gateway runs a config that did not come from a file (the demo).</summary>
    public ConfigReloader? Reloader { get; set; }

    public Task<KestrelHost> StartAsync(IPEndPoint endPoint, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        KestrelHost.StartAsync(
            endPoint,
            loggerFactory,
            TimeSpan.FromSeconds(5),
            listen => listen.Protocols = HttpProtocols.Http1,
            services =>
            {
                services.AddSingleton(_meters);
                services.AddRouting();
                services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
            },
            Map,
            cancellationToken);

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!IsAuthorized(context))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"fulcrum-admin\"";
                await context.Response.WriteAsJsonAsync(new { error = "admin token required" });
                return;
            }

            await next(context);
        });

        app.MapGet("/livez", () => Results.Text("ok\n"));
        app.MapGet("/readyz", () => _runtime.Stopping || _runtime.Generation == 0
            ? Results.Text("not ready\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
        app.MapGet("/api/state", () => Results.Json(AdminStateView.Build(_runtime, _time)));
        app.MapGet("/api/config", () => _runtime.Config is { } config
            ? Results.Json(ConfigRedaction.Redact(config))
            : Results.NotFound());
        app.MapPost("/api/reload", ReloadAsync);
        app.MapPost("/api/validate", ValidateAsync);
        app.MapPost("/api/clusters/{cluster}/destinations/{destination}/drain", (string cluster, string destination) => Drain(cluster, destination, true));
        app.MapPost("/api/clusters/{cluster}/destinations/{destination}/undrain", (string cluster, string destination) => Drain(cluster, destination, false));
        app.MapPrometheusScrapingEndpoint("/metrics");
        DashboardAssets.Map(app);
    }

    private async Task<IResult> ReloadAsync(CancellationToken cancellationToken)
    {
        if (Reloader is not { } reloader)
        {
            return Results.Json(new { error = "this gateway was not started from a config file, so there is nothing to reload" },
                statusCode: StatusCodes.Status409Conflict);
        }

        var result = await reloader.ReloadAsync("admin API", cancellationToken);
        var body = new { succeeded = result.Succeeded, generation = result.Generation, errors = result.Errors.Select(e => e.ToString()).ToList() };
        return Results.Json(body, statusCode: result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>A dry run: validates the posted config (YAML or JSON) and says what applying it would change.</summary>
    private async Task<IResult> ValidateAsync(HttpRequest request)
    {
        string text;
        try
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Json(new { error = $"the config is larger than {MaxBodyBytes} bytes" }, statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var result = ConfigLoader.LoadText(text, "request body");
        if (!result.Succeeded)
        {
            return Results.Json(new { valid = false, errors = result.Errors.Select(e => e.ToString()).ToList() },
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        return Results.Json(new { valid = true, errors = Array.Empty<string>(), diff = ConfigDiff.Between(_runtime.Config, result.Config!) });
    }

    private IResult Drain(string cluster, string destination, bool draining)
    {
        if (!_runtime.Clusters.TryGetValue(cluster, out var state))
        {
            return Results.Json(new { error = $"no cluster '{cluster}'" }, statusCode: StatusCodes.Status404NotFound);
        }

        if (!state.SetDraining(destination, draining))
        {
            return Results.Json(new { error = $"no destination '{destination}' in cluster '{cluster}'" }, statusCode: StatusCodes.Status404NotFound);
        }

        var target = state.Destinations[destination];
        return Results.Json(new { cluster, destination, draining, inFlight = target.InFlight });
    }

    private bool IsAuthorized(HttpContext context)
    {
        var token = _runtime.Config?.Admin?.Token;
        var path = context.Request.Path;
        if (string.IsNullOrEmpty(token) || !(path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics")))
        {
            return true;
        }

        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Compare hashes so the time taken says nothing about the token's length or prefix.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
