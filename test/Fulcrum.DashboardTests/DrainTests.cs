using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

[Collection(BrowserCollection.Name)]
public sealed class DrainTests(BrowserFixture browser)
{
    [Fact]
    public async Task DrainButton_Clicked_DestinationDrainsAndTrafficAvoidsItUntilUndrained()
    {
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var text2 = await TestBackend.StartAsync("text-2");
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml([("text", [text1, text2])]));
        await gateway.WaitUntilAllHealthyAsync();
        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/");
        var button = dashboard.Destination("text-models", "text-2", "drain");
        var status = dashboard.Destination("text-models", "text-2", "status");
        await Expect(status).ToHaveTextAsync("healthy");

        await button.ClickAsync();

        await Expect(status).ToHaveTextAsync("draining");
        await Expect(button).ToHaveTextAsync("Undrain");
        await Expect(dashboard.ByTestId("cluster-text-models-available")).ToHaveTextAsync("1/2 available");
        var drained = await gateway.DestinationAsync("text-models", "text-2");
        Assert.True(drained.GetProperty("draining").GetBoolean());
        Assert.False(drained.GetProperty("available").GetBoolean());
        text1.ResetCounters();
        text2.ResetCounters();
        await gateway.SendAsync("/text/", 20);
        Assert.Equal(0, text2.Requests);
        Assert.Equal(20, text1.Requests);

        await button.ClickAsync();

        await Expect(status).ToHaveTextAsync("healthy");
        await Expect(button).ToHaveTextAsync("Drain");
        Assert.False((await gateway.DestinationAsync("text-models", "text-2")).GetProperty("draining").GetBoolean());
        text2.ResetCounters();
        await gateway.SendAsync("/text/", 20);
        Assert.Equal(10, text2.Requests);
        dashboard.AssertNoErrors();
    }
}
