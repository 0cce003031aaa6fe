using System.Collections.Concurrent;
using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Forwarding.Http1;

/// <summary>
/// A route's header transform replaces what the gateway itself would send under that name, as on the YARP path:
/// one Host with the route's value, no X-Forwarded-For when the route removes it, the route's X-Forwarded-Proto.
/// </summary>
public sealed class Http1HeaderTransformTests
{
    [Fact]
    public async Task Get_TransformsOfGatewaySetHeaders_ReplaceThem()
    {
        var heads = new ConcurrentQueue<string>();
        await using var backend = ScriptedBackend.Start((head, _) =>
        {
            heads.Enqueue(head);
            return ScriptedBackend.Ok();
        });
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all:
                cluster: pool
                transforms:
                  - { requestHeader: Host, set: api.internal }
                  - { requestHeaderRemove: X-Forwarded-For }
                  - { requestHeader: X-Forwarded-Proto, set: https }
            clusters:
              pool: { http: { forwarder: lean }, destinations: { d1: { address: "{{backend.Address}}" } } }
            """);

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Assert.Single(heads).Split("\r\n");
        Assert.Equal(["Host: api.internal"], lines.Where(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(lines, l => l.StartsWith("X-Forwarded-For:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["X-Forwarded-Proto: https"], lines.Where(l => l.StartsWith("X-Forwarded-Proto:", StringComparison.OrdinalIgnoreCase)));
    }
}
