using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Reload;

public sealed class BadReloadKeepsServingTests
{
    [Fact]
    public async Task Reload_InvalidConfig_OldConfigKeepsServing()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        var good = Yaml.SingleCluster("", b1);
        await using var gateway = await TestGateway.StartAsync(good);

        var result = await gateway.ReloadAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { match: { pathPrefix: / }, cluster: pol }
            clusters:
              pool:
                loadBalancing: { policy: roundRobbin }
                destinations: {{Yaml.Destinations(b1)}}
            """);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Path == "routes.all.cluster" && e.Location.Line == 4 && e.Message.Contains("did you mean 'pool'"));
        Assert.Contains(result.Errors, e => e.Path == "clusters.pool.loadBalancing.policy" && e.Location.Line == 7);
        Assert.Equal(1, gateway.Runtime.Generation);
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/still-here");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reload_BrokenYaml_OldConfigKeepsServing()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", b1));

        var result = await gateway.ReloadAsync("listeners:\n  web: { protocol: http, address: 127.0.0.1:0\nroutes: [");

        Assert.False(result.Succeeded);
        Assert.Contains("invalid YAML", result.Errors[0].Message);
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Reload_ListenerPortTaken_OldConfigKeepsServing()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var squatter = await TestBackend.StartAsync("squatter");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", b1));

        var result = await gateway.ReloadAsync(Yaml.SingleCluster("", b1).Replace("127.0.0.1:0", $"127.0.0.1:{squatter.Port}"));

        Assert.False(result.Succeeded);
        Assert.Equal(1, gateway.Runtime.Generation);
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
