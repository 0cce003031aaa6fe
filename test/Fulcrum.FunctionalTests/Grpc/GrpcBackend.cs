using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fulcrum.FunctionalTests.Grpc;

/// <summary>A real Grpc.AspNetCore server on 127.0.0.1:0 speaking h2c, serving <see cref="EchoService"/>.</summary>
internal sealed class GrpcBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcBackend(WebApplication app, int port, EchoService service)
    {
        _app = app;
        Address = $"http://127.0.0.1:{port}";
        Service = service;
    }

    public string Address { get; }

    public EchoService Service { get; }

    public static async Task<GrpcBackend> StartAsync()
    {
        var service = new EchoService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GrpcBackend(app, new Uri(address).Port, service);
    }

    public async ValueTask DisposeAsync()
    {
        using var immediately = new CancellationTokenSource();
        await immediately.CancelAsync();
        await _app.StopAsync(immediately.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Echoes in every call shape; adds a response header and a trailer the tests look for through the gateway.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    private int _cancelled;

    /// <summary>Slow unary calls that ended because the call was cancelled (the deadline reached the backend).</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(new Metadata { { "x-echo-header", "h-" + request.Text } });
        if (request.DelayMs > 0)
        {
            try
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
        }

        if (request.FailWith != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailWith, "failed as asked: " + request.Text));
        }

        context.ResponseTrailers.Add("x-echo-trailer", "t-" + request.Text);
        return new EchoReply { Text = request.Text };
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new EchoReply { Text = request.Text, Index = i });
        }

        context.ResponseTrailers.Add("x-echo-trailer", "streamed-" + request.Count);
    }

    public override async Task<EchoReply> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var texts = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            texts.Add(request.Text);
        }

        return new EchoReply { Text = string.Join(",", texts), Index = texts.Count };
    }

    public override async Task Bidi(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new EchoReply { Text = request.Text.ToUpperInvariant(), Index = index++ });
        }
    }
}
