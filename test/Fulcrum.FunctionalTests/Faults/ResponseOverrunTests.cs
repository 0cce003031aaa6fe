using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A backend that sends more bytes than its Content-Length declares: the client gets exactly the declared body,
/// and the surplus never leaks into another client's response on a reused upstream connection (a response-splitting
/// desync); later requests are answered cleanly.
/// </summary>
public sealed class ResponseOverrunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_BodyLongerThanContentLength_DeclaredBodyOnlyNextAnswersClean()
    {
        await using var spy = await SpyBackend.StartAsync("spy", ChaosMode.ContentLengthTooShort);
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("", spy));

        using var first = await gateway.Client.GetAsync(gateway.Url() + "/first");
        var firstBody = await first.Content.ReadAsStringAsync();
        spy.Chaos = ChaosMode.None;
        var later = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync(gateway.Url() + "/later");
            later.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        output.WriteLine($"overrun: first '{firstBody}', later answers {string.Join(", ", later.Distinct())}, upstream connections {spy.AcceptedConnections}");
        Assert.Equal("01234", firstBody);
        Assert.All(later, answer => Assert.Equal("200 spy", answer));
    }
}
