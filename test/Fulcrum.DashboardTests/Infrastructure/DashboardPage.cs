using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Fulcrum.DashboardTests.Infrastructure;

/// <summary>
/// The dashboard open in its own browser context at 1280×800. Records console errors and uncaught exceptions
/// (a Content-Security-Policy violation is one) so a test can assert the page ran cleanly.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Enqueue($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Enqueue($"page error: {error}");
    }

    public IPage Page { get; }

    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<DashboardPage> OpenAsync(BrowserFixture browser, string url)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        var dashboard = new DashboardPage(context, page);
        await page.GotoAsync(url);
        return dashboard;
    }

    public ILocator ByTestId(string id) => Page.GetByTestId(id);

    /// <summary>A destination's row, or with <paramref name="part"/> (status, rps, requests, drain…) one of its cells.</summary>
    public ILocator Destination(string cluster, string destination, string? part = null) =>
        Page.GetByTestId($"destination-{cluster}-{destination}" + (part is null ? "" : "-" + part));

    /// <summary>Marks the window; <see cref="WasReloadedAsync"/> then tells whether the page was loaded again since.</summary>
    public Task MarkAsync() => Page.EvaluateAsync("() => { window.fulcrumTestMark = true; }");

    public async Task<bool> WasReloadedAsync() => !await Page.EvaluateAsync<bool>("() => window.fulcrumTestMark === true");

    public void AssertNoErrors() => Assert.True(Errors.IsEmpty, "the page reported errors:\n" + string.Join("\n", Errors));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
