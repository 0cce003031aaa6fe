using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Reload;

/// <summary>
/// Requests held in flight across a reload (R2, Envoy's hot-restart hand-off pattern): five slow responses are held
/// open by a gate on cluster <c>old</c>; a reload removes that cluster and sends the route to <c>new</c>; the gate
/// opens. All five complete with the old destination's answer, requests after the reload go to the new cluster, and
/// the removed cluster's health checker is stopped by the reload (its destination gets no probe after it).
/// </summary>
public sealed class GatedRequestsAcrossReloadTests(ITestOutputHelper output)
{
    private const string Checks = "healthCheck: { active: { path: /healthz, interval: 100ms, timeout: 100ms } }";

    private static string Config(SpyBackend backend) => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0 }
        routes:
          all: { match: { pathPrefix: / }, cluster: {{backend.Name}} }
        clusters:
          {{backend.Name}}:
            destinations: {{Yaml.Destinations(backend)}}
            {{Checks}}
        """;

    [Fact]
    public async Task Reload_ClusterRemovedWhileRequestsHeld_HeldRequestsCompleteOnOldNewOnesOnNew()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var old = await SpyBackend.StartAsync("old");
        await using var next = await SpyBackend.StartAsync("new");
        old.Hold = request => request.Target.StartsWith("/slow", StringComparison.Ordinal) ? gate.Task : Task.CompletedTask;
        await using var gateway = await TestGateway.StartAsync(Config(old));

        var held = Enumerable.Range(0, 5).Select(i => gateway.Client.GetAsync($"{gateway.Url()}/slow/{i}")).ToList();
        await Wait.UntilAsync(() => old.PendingRequests == 5, "five requests are held by the old destination");
        var reload = await gateway.ReloadAsync(Config(next));
        Assert.True(reload.Succeeded, string.Join("\n", reload.Errors));
        var probesAtReload = old.Requests.Count(r => r.Target == "/healthz");

        using var after = await gateway.Client.GetAsync(gateway.Url() + "/fresh");
        var afterBody = await after.Content.ReadAsStringAsync();
        Assert.All(held, h => Assert.False(h.IsCompleted, "a held request finished before the gate opened"));
        gate.SetResult();
        var answers = await Task.WhenAll(held.Select(async h =>
        {
            using var response = await h;
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));
        await Wait.UntilAsync(() => next.Requests.Count(r => r.Target == "/healthz") >= 5, "five probes of the new cluster");
        var probesAfterReload = old.Requests.Count(r => r.Target == "/healthz") - probesAtReload;

        var completed = answers.Count(a => a == (200, "old"));
        output.WriteLine($"R2 gated requests across reload: in-flight completed {completed}/5 with the old destination's answer; after the reload {(int)after.StatusCode} from '{afterBody}'; "
            + $"probes of the removed cluster after the reload {probesAfterReload}; clusters now {string.Join(",", gateway.Runtime.Clusters.Keys)}");
        Assert.Equal(5, completed);
        Assert.Equal((200, "new"), ((int)after.StatusCode, afterBody));
        Assert.True(probesAfterReload <= 1, $"{probesAfterReload} probes of the removed cluster after the reload (one may have been on the wire as it stopped)");
        Assert.False(gateway.Runtime.Clusters.ContainsKey("old"));
    }
}
