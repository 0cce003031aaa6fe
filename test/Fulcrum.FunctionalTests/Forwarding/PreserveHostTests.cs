using System.Net.Http.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// The backend sees the Host the client asked for, unless the route says <c>preserveHost: false</c>. Regression:
/// <c>false</c> used to be ignored, because YARP's header copy already carries the client's Host.
/// </summary>
public sealed class PreserveHostTests
{
    [Theory]
    [InlineData("", "example.test")]
    [InlineData("preserveHost: true", "example.test")]
    [InlineData("preserveHost: false", null)]
    public async Task Get_PreserveHostSetting_BackendSeesExpectedHost(string setting, string? expectedHost)
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all:
                cluster: b
                {{setting}}
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);

        using var request = new HttpRequestMessage(HttpMethod.Get, gateway.Url() + "/host");
        request.Headers.Host = "example.test";
        using var response = await gateway.Client.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<BackendAnswer>();

        Assert.Equal(expectedHost ?? $"127.0.0.1:{backend.Port}", answer!.Host);
        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal("example.test", received.Headers["X-Forwarded-Host"]);
    }
}
