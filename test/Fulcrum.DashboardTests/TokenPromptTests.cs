using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

[Collection(BrowserCollection.Name)]
public sealed class TokenPromptTests(BrowserFixture browser)
{
    private const string Token = "dashboard-test-token-51aa";

    [Fact]
    public async Task Dashboard_OpenedWithoutToken_AsksForOneAndWorksOnceGiven()
    {
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml([("text", [text1])], Token), Token);
        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/");

        await Expect(dashboard.ByTestId("auth")).ToBeVisibleAsync();
        await Expect(dashboard.ByTestId("connection")).ToHaveTextAsync("token required");
        await Expect(dashboard.ByTestId("generation")).ToHaveTextAsync("–");

        await dashboard.ByTestId("token-input").FillAsync("not-the-token");
        await dashboard.ByTestId("token-submit").ClickAsync();
        await Expect(dashboard.ByTestId("auth-message")).ToContainTextAsync("not accepted");

        await dashboard.ByTestId("token-input").FillAsync(Token);
        await dashboard.ByTestId("token-submit").ClickAsync();

        await Expect(dashboard.ByTestId("generation")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("auth")).ToBeHiddenAsync();
        await Expect(dashboard.Destination("text-models", "text-1", "status")).ToHaveTextAsync("healthy");

        // Kept for the tab's session: a reload needs no prompt.
        await dashboard.Page.ReloadAsync();
        await Expect(dashboard.ByTestId("connection")).ToHaveTextAsync("live");
        await Expect(dashboard.ByTestId("auth")).ToBeHiddenAsync();

        // The browser logs each 401 it received as a console error; those are the point of this test.
        Assert.All(dashboard.Errors, e => Assert.Contains("401", e, StringComparison.Ordinal));
    }
}
