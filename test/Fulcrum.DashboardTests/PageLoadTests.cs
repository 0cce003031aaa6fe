using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

[Collection(BrowserCollection.Name)]
public sealed class PageLoadTests(BrowserFixture browser)
{
    [Fact]
    public async Task Dashboard_Opened_ShowsListenersRoutesClustersAndDestinations()
    {
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var text2 = await TestBackend.StartAsync("text-2");
        await using var image1 = await TestBackend.StartAsync("image-1");
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml([("text", [text1, text2]), ("image", [image1])]));
        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/");

        await Expect(dashboard.Page).ToHaveTitleAsync("Fulcrum · dashboard");
        await Expect(dashboard.ByTestId("generation")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("readiness")).ToHaveTextAsync("ready");
        await Expect(dashboard.ByTestId("connection")).ToHaveTextAsync("live");

        await Expect(dashboard.ByTestId("listener-web-address")).ToHaveTextAsync(new Uri(gateway.Url).Authority);
        await Expect(dashboard.ByTestId("listener-web-routes")).ToContainTextAsync("text");
        await Expect(dashboard.ByTestId("route-text-match")).ToHaveTextAsync("prefix /text");
        await Expect(dashboard.ByTestId("route-text-cluster")).ToHaveTextAsync("text-models");
        await Expect(dashboard.ByTestId("route-image-cluster")).ToHaveTextAsync("image-models");

        await Expect(dashboard.ByTestId("cluster-text-models-policy")).ToHaveTextAsync("roundRobin");
        await Expect(dashboard.ByTestId("cluster-text-models-available")).ToHaveTextAsync("2/2 available");
        foreach (var (cluster, backend) in new[] { ("text-models", text1), ("text-models", text2), ("image-models", image1) })
        {
            await Expect(dashboard.Destination(cluster, backend.Name, "address")).ToHaveTextAsync(backend.Address);
            await Expect(dashboard.Destination(cluster, backend.Name, "status")).ToHaveTextAsync("healthy");
            await Expect(dashboard.Destination(cluster, backend.Name, "drain")).ToHaveTextAsync("Drain");
        }

        await Expect(dashboard.ByTestId("destinations-available")).ToHaveTextAsync("3 / 3");
        await Expect(dashboard.ByTestId("reload-0")).ToContainTextAsync("Generation 1 applied");
        dashboard.AssertNoErrors();
    }
}
