using System.Globalization;
using System.Text.RegularExpressions;
using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

[Collection(BrowserCollection.Name)]
public sealed class LiveTrafficTests(BrowserFixture browser)
{
    [Fact]
    public async Task Dashboard_UnderTraffic_NumbersChangeWithoutPageReload()
    {
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var text2 = await TestBackend.StartAsync("text-2");
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml([("text", [text1, text2])]));
        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/");
        var requests = dashboard.Destination("text-models", "text-1", "requests");
        var rps = dashboard.Destination("text-models", "text-1", "rps");
        await Expect(requests).ToHaveTextAsync("0 total");
        await Expect(rps).ToHaveTextAsync("0.0");
        await dashboard.MarkAsync();

        // Bounded: a few workers against a backend that answers after 10ms, stopped below or after 60s at most.
        var load = new LoadDriver(gateway.Client, gateway.Url + "/text/slow?ms=10", workers: 4, maxDuration: TimeSpan.FromSeconds(60));
        load.Start();
        try
        {
            await Expect(requests).ToHaveTextAsync(new Regex(@"^[1-9][\d,]* total$"));
            await Expect(rps).Not.ToHaveTextAsync(new Regex(@"^(–|0\.0)$"));
            var first = await requests.TextContentAsync();
            await Expect(requests).Not.ToHaveTextAsync(first!);
            await Expect(dashboard.ByTestId("total-requests")).Not.ToHaveTextAsync("0");
            await Expect(dashboard.Destination("text-models", "text-1", "latency")).ToHaveTextAsync(new Regex(@"^\d+(\.\d+)? ms$"));
            await Expect(dashboard.Destination("text-models", "text-1", "errors")).ToHaveTextAsync("0%");
        }
        finally
        {
            await load.StopAsync();
        }

        Assert.Empty(load.Failures);
        var served = text1.Requests;
        await Expect(requests).ToHaveTextAsync(served.ToString("N0", CultureInfo.InvariantCulture) + " total");
        await Expect(rps).ToHaveTextAsync("0.0");
        Assert.False(await dashboard.WasReloadedAsync(), "the numbers must change in place, not by reloading the page");
        dashboard.AssertNoErrors();
    }
}
