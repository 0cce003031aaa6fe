using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Balancing;

public sealed class RoundRobinSpreadTests
{
    [Fact]
    public async Task Get_ThreeDestinations_EachGetsAThird()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var b3 = await TestBackend.StartAsync("b3");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("loadBalancing: { policy: roundRobin }", b1, b2, b3));

        var seen = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            seen.Add((await gateway.Client.GetFromJsonAsync<BackendAnswer>(gateway.Url() + "/x"))!.Backend);
        }

        Assert.Equal(100, b1.Requests);
        Assert.Equal(100, b2.Requests);
        Assert.Equal(100, b3.Requests);
        // Strict rotation: no destination twice in a row.
        Assert.All(seen.Zip(seen.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task Get_WeightedThreeToOne_SplitsExactly()
    {
        await using var heavy = await TestBackend.StartAsync("heavy");
        await using var light = await TestBackend.StartAsync("light");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: pool }
            clusters:
              pool:
                loadBalancing: { policy: weightedRoundRobin }
                destinations:
                  heavy: { address: "{{heavy.Address}}", weight: 3 }
                  light: { address: "{{light.Address}}", weight: 1 }
            """);

        for (var i = 0; i < 400; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(300, heavy.Requests);
        Assert.Equal(100, light.Requests);
    }

    [Fact]
    public async Task Get_ConsistentHashOnHeader_SameKeySameDestination()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var b3 = await TestBackend.StartAsync("b3");
        await using var gateway = await TestGateway.StartAsync(
            Yaml.SingleCluster("loadBalancing: { policy: consistentHash, hashOn: header, hashKey: X-User }", b1, b2, b3));

        var owners = new Dictionary<string, string>();
        for (var round = 0; round < 3; round++)
        {
            for (var user = 0; user < 60; user++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/");
                request.Headers.Add("X-User", $"user-{user}");
                using var response = await gateway.Client.SendAsync(request);
                var backend = (await response.Content.ReadFromJsonAsync<BackendAnswer>())!.Backend;
                Assert.Equal(owners.GetValueOrDefault($"user-{user}", backend), backend);
                owners[$"user-{user}"] = backend;
            }
        }

        // 60 keys over 3 destinations: every destination owns some.
        Assert.Equal(3, owners.Values.Distinct().Count());
    }
}
