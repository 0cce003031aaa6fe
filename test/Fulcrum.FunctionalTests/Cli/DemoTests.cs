using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;

namespace Fulcrum.FunctionalTests.Cli;

/// <summary>`fulcrum` with no config: the seeds' demo, as a newcomer first sees it.</summary>
public sealed class DemoTests
{
    private sealed record DemoAnswer(string Service, string Instance, string Path);

    [Fact]
    public async Task Run_NoConfig_DemoRoutesToEachPoolAndBalances()
    {
        await using var gateway = GatewayProcess.Start([], new Dictionary<string, string?> { ["FULCRUM_DEMO_ADDRESS"] = "127.0.0.1:0", ["FULCRUM_DEMO_ADMIN_ADDRESS"] = "127.0.0.1:0" });
        var url = await gateway.WaitForListenerAsync("web");
        await gateway.WaitForOutputAsync("curl " + url.Replace("http://", "http://", StringComparison.Ordinal) + "/text");
        using var client = new HttpClient();

        var text = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            var answer = await client.GetFromJsonAsync<DemoAnswer>(url + "/text/complete");
            Assert.Equal("text", answer!.Service);
            Assert.Equal("/text/complete", answer.Path);
            text.Add(answer.Instance);
        }

        Assert.Equal(["text-1", "text-2"], text.Order());
        Assert.Equal("image", (await client.GetFromJsonAsync<DemoAnswer>(url + "/image"))!.Service);
        Assert.Equal("voice-1", (await client.GetFromJsonAsync<DemoAnswer>(url + "/voice"))!.Instance);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(url + "/video")).StatusCode);
    }
}
