using System.Net;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Admin;

public sealed class AdminReloadTests
{
    [Fact]
    public async Task PostReload_GoodThenBadFile_AppliesThenRejectsWithErrors()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));

        await gateway.WriteConfigAsync(Yaml.Admin + Yaml.SingleCluster("loadBalancing: { policy: random }", b1));
        using (var good = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/reload", null))
        {
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            using var body = JsonDocument.Parse(await good.Content.ReadAsStringAsync());
            Assert.Equal(2, body.RootElement.GetProperty("generation").GetInt64());
        }

        await gateway.WriteConfigAsync(Yaml.Admin + Yaml.SingleCluster("loadBalancing: { policy: randum }", b1));
        using (var bad = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/reload", null))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            var text = await bad.Content.ReadAsStringAsync();
            Assert.Contains("clusters.pool.loadBalancing.policy", text);
            Assert.Contains("did you mean 'random'", text);
        }

        Assert.Equal(2, gateway.Runtime.Generation);
        using var state = JsonDocument.Parse(await gateway.Client.GetStringAsync(gateway.AdminUrl + "/api/state"));
        var latest = state.RootElement.GetProperty("reloads")[0];
        Assert.False(latest.GetProperty("succeeded").GetBoolean());
        Assert.Equal("admin API", latest.GetProperty("reason").GetString());
        using var still = await gateway.Client.GetAsync(gateway.Url() + "/");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task PostValidate_ValidConfig_ReturnsDiffWithoutApplying()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var b2 = await TestBackend.StartAsync("b2");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));
        var next = Yaml.Admin + Yaml.SingleCluster("", b1, b2).Replace("  all: {", "  extra: { match: { path: /x }, cluster: pool }\n  all: {");

        using var response = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/validate", new StringContent(next));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var diff = body.RootElement.GetProperty("diff");
        Assert.Equal("extra", diff.GetProperty("routes").GetProperty("added")[0].GetString());
        Assert.Equal("pool", diff.GetProperty("clusters").GetProperty("changed")[0].GetString());
        Assert.Equal(0, diff.GetProperty("listeners").GetProperty("changed").GetArrayLength());
        Assert.Equal(1, gateway.Runtime.Generation);
    }

    [Fact]
    public async Task PostValidate_InvalidConfig_422WithEveryError()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));

        using var response = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/validate",
            new StringContent("listeners: { web: { adress: x } }\nroutes: { r: { cluster: nope } }\n"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("request body:1:21: listeners.web.adress: unknown key", text);
        Assert.Contains("request body:2:25: routes.r.cluster: unknown cluster 'nope'", text);
    }

    [Fact]
    public async Task PostValidate_OversizedBody_413()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Admin + Yaml.SingleCluster("", b1));

        using var response = await gateway.Client.PostAsync(gateway.AdminUrl + "/api/validate", new StringContent(new string('#', 2 << 20)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
