using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>A client that goes away mid-request gives its concurrency permit back.</summary>
public sealed class ConcurrencyClientAbortTests
{
    [Fact]
    public async Task Get_ClientAbortsWhileUpstreamIsSlow_PermitReturned()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [one-at-once], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              one-at-once: { type: rateLimit, algorithm: concurrency, limit: 1 }
            """);
        using var leaving = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var abort = new CancellationTokenSource();

        var abandoned = leaving.GetAsync(gateway.Url() + "/slow?ms=20000", abort.Token);
        await Wait.UntilAsync(() => b1.Requests == 1, "the slow request reached the backend");
        var whileHeld = await RateLimitRequests.GetAsync(gateway.Client, gateway.Url() + "/fast");
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await Wait.UntilAsync(
            async () => (await RateLimitRequests.GetAsync(gateway.Client, gateway.Url() + "/fast")).Status == HttpStatusCode.OK,
            "the aborted request's permit is returned", TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.TooManyRequests, whileHeld.Status);
    }
}
