using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Faults;

/// <summary>
/// A response that breaks after it started — reset mid-body, or fewer bytes than its Content-Length before the
/// close — is never retried (part of it reached the client) and never looks complete to the client: its framing
/// is left unfinished, or (when the break came before the gateway had sent the head) nothing is sent at all, and
/// the connection is closed: a client can never take a truncated body for a whole one.
/// </summary>
public sealed class TruncatedResponseTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ChaosMode.ResetMidResponse)]
    [InlineData(ChaosMode.ContentLengthTooLong)]
    public async Task Get_ResponseCutShort_ClientSeesIncompleteResponseNoRetry(ChaosMode chaos)
    {
        await using var broken = await SpyBackend.StartAsync("broken", chaos);
        await using var healthy = await SpyBackend.StartAsync("healthy");
        await using var gateway = await TestGateway.StartAsync(Yaml.SingleCluster("retries: { attempts: 1 }\nloadBalancing: { policy: first }", broken, healthy));
        var looksComplete = 0;
        var headOnly = 0;
        const int Requests = 20;
        for (var i = 0; i < Requests; i++)
        {
            await using var connection = await RawConnection.OpenAsync(gateway.Runtime.Listeners["web"].Server!.BoundEndPoint, deadline: TimeSpan.FromSeconds(10));
            await connection.TryWriteAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.True(response.Status is 0 or 200, $"answered {response.Status}");
            if (response.Status != 0 && response.Complete)
            {
                looksComplete++;
            }

            headOnly += response.Status == 0 ? 0 : 1;

            Assert.True(await connection.ClosedByServerAsync());
        }

        output.WriteLine($"F2 {chaos}: truncated responses that look complete {looksComplete} of {Requests} ({headOnly} with a head and an unfinished body, the rest closed before the head); retried {healthy.RequestCount}");
        Assert.Equal(0, looksComplete);
        Assert.Equal(0, healthy.RequestCount);
        Assert.Equal(Requests, broken.RequestCount);
    }
}
