using System.Net;
using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

[Collection(BrowserCollection.Name)]
public sealed class TokenFromAddressTests(BrowserFixture browser)
{
    private const string Token = "dashboard-test-token-8f2c";

    [Fact]
    public async Task Dashboard_OpenedWithTokenInAddress_ShowsStateAndDrainsWhileApiRefusesNoToken()
    {
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var text2 = await TestBackend.StartAsync("text-2");
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml([("text", [text1, text2])], Token), Token);
        using (var anonymous = gateway.AdminRequest(HttpMethod.Get, "/api/state", withToken: false))
        using (var response = await gateway.Client.SendAsync(anonymous))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/#token=" + Token);

        await Expect(dashboard.ByTestId("generation")).ToHaveTextAsync("1");
        await Expect(dashboard.ByTestId("connection")).ToHaveTextAsync("live");
        await Expect(dashboard.ByTestId("auth")).ToBeHiddenAsync();
        await Expect(dashboard.Destination("text-models", "text-1", "status")).ToHaveTextAsync("healthy");
        Assert.DoesNotContain(Token, dashboard.Page.Url, StringComparison.Ordinal);

        await dashboard.Destination("text-models", "text-1", "drain").ClickAsync();
        await Expect(dashboard.Destination("text-models", "text-1", "status")).ToHaveTextAsync("draining");
        Assert.True((await gateway.DestinationAsync("text-models", "text-1")).GetProperty("draining").GetBoolean());
        dashboard.AssertNoErrors();
    }
}
