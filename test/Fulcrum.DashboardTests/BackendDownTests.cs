using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

[Collection(BrowserCollection.Name)]
public sealed class BackendDownTests(BrowserFixture browser)
{
    [Fact]
    public async Task Dashboard_BackendFailsHealthChecks_ShowsItUnhealthyThenHealthyAgain()
    {
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var text2 = await TestBackend.StartAsync("text-2");
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml([("text", [text1, text2])]));
        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/");
        var status = dashboard.Destination("text-models", "text-2", "status");
        await Expect(status).ToHaveTextAsync("healthy");
        await dashboard.MarkAsync();

        text2.Healthy = false;

        await Expect(status).ToHaveTextAsync("unhealthy");
        await Expect(dashboard.Destination("text-models", "text-2")).ToHaveAttributeAsync("data-available", "false");
        await Expect(dashboard.ByTestId("cluster-text-models-available")).ToHaveTextAsync("1/2 available");
        await Expect(dashboard.ByTestId("destinations-note")).ToHaveTextAsync("1 unhealthy");
        await Expect(dashboard.Destination("text-models", "text-1", "status")).ToHaveTextAsync("healthy");

        text2.Healthy = true;

        await Expect(status).ToHaveTextAsync("healthy");
        await Expect(dashboard.ByTestId("cluster-text-models-available")).ToHaveTextAsync("2/2 available");
        Assert.False(await dashboard.WasReloadedAsync());
        dashboard.AssertNoErrors();
    }
}
