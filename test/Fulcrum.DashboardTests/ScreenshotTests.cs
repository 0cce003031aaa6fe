using System.Text.RegularExpressions;
using Fulcrum.DashboardTests.Infrastructure;
using Fulcrum.Tests.Common;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Fulcrum.DashboardTests;

/// <summary>
/// The dashboard as the README shows it: the demo's three services under traffic, one destination down, one
/// drained, a reload applied and a broken one rejected. Saved to <c>FULCRUM_SCREENSHOT</c> when set (that is how
/// <c>docs/dashboard.png</c> is made), otherwise beside the test binaries.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    private static readonly Regex Idle = new(@"^(–|0\.0)$");

    [Fact]
    public async Task Dashboard_UnderTraffic_FullPageScreenshotSaved()
    {
        var path = Environment.GetEnvironmentVariable("FULCRUM_SCREENSHOT") is { Length: > 0 } target
            ? Path.GetFullPath(target)
            : Path.Combine(AppContext.BaseDirectory, "dashboard.png");
        await using var text1 = await TestBackend.StartAsync("text-1");
        await using var text2 = await TestBackend.StartAsync("text-2");
        await using var image1 = await TestBackend.StartAsync("image-1");
        await using var image2 = await TestBackend.StartAsync("image-2");
        await using var voice1 = await TestBackend.StartAsync("voice-1");
        var services = new (string, TestBackend[])[] { ("text", [text1, text2]), ("image", [image1, image2]), ("voice", [voice1]) };
        await using var gateway = await DashboardGateway.StartAsync(DashboardConfig.Yaml(services, policy: "leastRequests"));
        await gateway.WaitUntilAllHealthyAsync();

        // Two reloads for the history: one applied (text-1 weighted up), one rejected (a misspelt key, a missing cluster).
        var yaml = DashboardConfig.Yaml(services, policy: "leastRequests");
        await File.WriteAllTextAsync(gateway.ConfigPath, yaml.Replace($"text-1: {{ address: \"{text1.Address}\" }}", $"text-1: {{ address: \"{text1.Address}\", weight: 2 }}", StringComparison.Ordinal));
        await Wait.UntilAsync(async () => (await gateway.StateAsync()).GetProperty("generation").GetInt64() == 2, "the edited config is applied");
        await File.WriteAllTextAsync(gateway.ConfigPath, yaml.Replace("cluster: voice-models", "cluster: speech-models", StringComparison.Ordinal).Replace("loadBalancing:", "loadBalancer:", StringComparison.Ordinal));
        await Wait.UntilAsync(async () => (await gateway.StateAsync()).GetProperty("reloads").EnumerateArray().Any(r => !r.GetProperty("succeeded").GetBoolean()), "the broken config is rejected");

        await using var dashboard = await DashboardPage.OpenAsync(browser, gateway.AdminUrl + "/");
        await Expect(dashboard.ByTestId("generation")).ToHaveTextAsync("2");

        // Bounded traffic, a different shape per service; the backends' /slow?ms=N gives each its own latency. Text
        // starts first and the others join later, so the sparklines show a step. For the docs picture the traffic
        // runs long enough to fill the sparklines (30 s); otherwise a few seconds show that the page renders.
        var forDocs = Environment.GetEnvironmentVariable("FULCRUM_SCREENSHOT") is { Length: > 0 };
        var text = new LoadDriver(gateway.Client, gateway.Url + "/text/slow?ms=12", workers: 3, maxDuration: TimeSpan.FromSeconds(90));
        var image = new LoadDriver(gateway.Client, gateway.Url + "/image/slow?ms=40", workers: 2, maxDuration: TimeSpan.FromSeconds(90));
        var voice = new LoadDriver(gateway.Client, gateway.Url + "/voice/slow?ms=25", workers: 1, maxDuration: TimeSpan.FromSeconds(90));
        text.Start();
        try
        {
            await Expect(dashboard.Destination("text-models", "text-1", "rps")).Not.ToHaveTextAsync(Idle);
            await WaitForPollsAsync(dashboard, forDocs ? 10 : 2);
            image.Start();
            voice.Start();
            await Expect(dashboard.Destination("voice-models", "voice-1", "rps")).Not.ToHaveTextAsync(Idle);
            await WaitForPollsAsync(dashboard, forDocs ? 8 : 1);
            await voice.StopAsync();   // then voice-1 fails its checks: its sparkline drops, its badge turns red
            voice1.Healthy = false;
            await gateway.DrainAsync("image-models", "image-2");
            await Expect(dashboard.Destination("voice-models", "voice-1", "status")).ToHaveTextAsync("unhealthy");
            await Expect(dashboard.Destination("image-models", "image-2", "status")).ToHaveTextAsync("draining");
            await WaitForPollsAsync(dashboard, forDocs ? 14 : 2);

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await dashboard.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
        finally
        {
            await text.StopAsync();
            await image.StopAsync();
            await voice.StopAsync();
        }

        Assert.True(new FileInfo(path).Length > 10_000, $"{path} is a real screenshot");
        dashboard.AssertNoErrors();
    }

    /// <summary>Until the page has polled <paramref name="count"/> more times (it counts its polls in body's data-polls).</summary>
    private static async Task WaitForPollsAsync(DashboardPage dashboard, int count)
    {
        var polls = await dashboard.Page.EvaluateAsync<int>("() => Number(document.body.dataset.polls)");
        await dashboard.Page.WaitForFunctionAsync(
            $"() => Number(document.body.dataset.polls) >= {polls + count}", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
    }
}
