using System.Collections.Concurrent;
using System.Diagnostics;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Observability;

public sealed class TracingTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ClientSpan = "b7ad6b7169203331";

    [Fact]
    public async Task Get_WithTraceparent_ProxySpanContinuesTraceAndBackendSeesItAsParent()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Fulcrum" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", b1));

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/traced");
        request.Headers.Add("traceparent", $"00-{TraceId}-{ClientSpan}-01");
        (await gateway.Client.SendAsync(request)).EnsureSuccessStatusCode();
        // The server span stops after the response is written, so the client can have its answer first: wait for both.
        await Wait.UntilAsync(
            () => spans.FirstOrDefault(s => s.TraceId.ToHexString() == TraceId && s.Source.Name == "Fulcrum") is { } proxy
                && spans.Any(s => s.SpanId == proxy.ParentSpanId),
            "the proxy span and its parent server span end");

        // client span ─► the gateway's server span ─► Fulcrum's proxy span ─► the backend (whose own server span,
        // in this same test process, also shows up under the same trace).
        var span = spans.Single(s => s.TraceId.ToHexString() == TraceId && s.Source.Name == "Fulcrum");
        var server = spans.Single(s => s.SpanId == span.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", server.Source.Name);
        Assert.Equal(ClientSpan, server.ParentSpanId.ToHexString());
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal("GET all", span.DisplayName);
        Assert.Equal("b1", span.GetTagItem("fulcrum.destination"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.True(b1.Received.TryDequeue(out var received));
        var upstream = received.Headers["traceparent"].Split('-');
        Assert.Equal(TraceId, upstream[1]);
        // The upstream parent is the proxy span, or .NET's HTTP client span beneath it when one is created.
        Assert.NotEqual(ClientSpan, upstream[2]);
        Assert.NotEqual(server.SpanId.ToHexString(), upstream[2]);
    }

    [Fact]
    public async Task Get_WithTraceparentNobodyListening_TraceContinuedUpstream()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", b1));

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/traced");
        request.Headers.Add("traceparent", $"00-{TraceId}-{ClientSpan}-01");
        (await gateway.Client.SendAsync(request)).EnsureSuccessStatusCode();

        // Even unrecorded, the trace id reaches the backend in exactly one traceparent header.
        Assert.True(b1.Received.TryDequeue(out var received));
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-0[01]$", received.Headers["traceparent"]);
    }
}
