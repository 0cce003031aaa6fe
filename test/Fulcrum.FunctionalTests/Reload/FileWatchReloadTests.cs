using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Reload;

public sealed class FileWatchReloadTests
{
    [Fact]
    public async Task EditFile_GoodThenBroken_AppliesGoodKeepsItOnBroken()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        string Config(string prefix) => $$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              only: { match: { pathPrefix: {{prefix}} }, cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            """;
        await using var gateway = await TestGateway.StartAsync(Config("/old"), watch: true);

        await gateway.WriteConfigAsync(Config("/new"));
        await Wait.UntilAsync(() => gateway.Runtime.Generation == 2, "the edited file is applied");
        using (var response = await gateway.Client.GetAsync(gateway.Url() + "/new"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await gateway.WriteConfigAsync(Config("/newer").Replace("cluster: pool", "cluster: nowhere"));
        await Wait.UntilAsync(() => gateway.Host.Reloader!.Last is { Succeeded: false }, "the broken file is rejected");
        Assert.Equal(2, gateway.Runtime.Generation);
        Assert.Contains(gateway.Host.Reloader!.Last!.Errors, e => e.Path == "routes.only.cluster" && e.Location.Line == 4);
        using var still = await gateway.Client.GetAsync(gateway.Url() + "/new");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }
}
