using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// CONNECT (and absolute-form targets or Host values naming another address) can never make the gateway open a
/// connection of the client's choosing: even on a catch-all route CONNECT gets 405, and a "honeypot" listener sees
/// no connection; destinations come from the configuration only.
/// Regression: CONNECT reached the forwarder, which cannot send it, and came back as a 502 counted as the
/// destination's failure, so a client could get a healthy destination ejected by passive health.
/// </summary>
public sealed class ConnectMethodTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Connect_OnCatchAllRoute_405HoneypotUntouchedDestinationNotEjected()
    {
        await using var honeypot = await SpyBackend.StartAsync("honeypot");
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("healthCheck: { passive: { consecutiveFailures: 1, ejectFor: 1m } }", spy));
        var target = $"127.0.0.1:{honeypot.Port}";

        var connects = new List<Exchange>();
        for (var i = 0; i < 3; i++)
        {
            connects.Add(await SpyGateway.ExchangeAsync(gateway, $"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n"));
        }

        var absolute = await SpyGateway.ExchangeAsync(gateway, $"GET http://{target}/x HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n");
        var host = await SpyGateway.ExchangeAsync(gateway, $"GET /x HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n");

        output.WriteLine($"S16 CONNECT {string.Join(" ", connects)}, absolute-form {absolute}, Host {host}; honeypot connections {honeypot.AcceptedConnections}");
        Assert.All(connects, connect => Assert.Equal([405], connect.Statuses));
        Assert.Contains("Allow: GET", connects[0].Text, StringComparison.Ordinal);
        Assert.Equal([200], absolute.Statuses);
        Assert.Equal([200], host.Statuses);
        Assert.Equal(0, honeypot.AcceptedConnections);
        Assert.All(spy.Requests, request => Assert.NotEqual("CONNECT", request.Method));
    }
}
