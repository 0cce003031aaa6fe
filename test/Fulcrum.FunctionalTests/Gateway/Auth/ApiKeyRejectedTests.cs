using System.Net;
using System.Text.Json;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// A missing, unknown, oversized or repeated key is refused (401 with an <c>ApiKey</c> challenge and a JSON body;
/// 400 when the key is given twice) and never reaches the backend.
/// </summary>
public sealed class ApiKeyRejectedTests
{
    [Theory]
    [InlineData(null, "an API key is required")]
    [InlineData("", "an API key is required")]
    [InlineData("ak_live_unknown", "the API key is not valid")]
    [InlineData("ak_live_alice_5f2b9c0e1d7a4e3", "the API key is not valid")]
    [InlineData("AK_LIVE_ALICE_5F2B9C0E1D7A4E3F", "the API key is not valid")]
    public async Task Get_MissingOrUnknownKey_Returns401WithChallenge(string? key, string message)
    {
        await using var backend = await TestBackend.StartAsync("spy");
        await using var gateway = await StartAsync(backend);

        using var response = await TestApiKeys.GetAsync(gateway, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("ApiKey realm=\"fulcrum\", header=\"X-Api-Key\"", AuthGateway.Challenge(response));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(401, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task Get_OversizedKey_Returns401Unread()
    {
        await using var backend = await TestBackend.StartAsync("spy");
        await using var gateway = await StartAsync(backend);

        using var response = await TestApiKeys.GetAsync(gateway, new string('k', 4096));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task Get_KeyHeaderTwice_Returns400()
    {
        await using var backend = await TestBackend.StartAsync("spy");
        await using var gateway = await StartAsync(backend);

        var answer = await RawHttp.SendAsync(new Uri(gateway.Url()),
            $"GET / HTTP/1.1\r\nHost: gateway\r\nX-Api-Key: {TestApiKeys.Alice}\r\nX-Api-Key: {TestApiKeys.Alice}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Contains("the API key is given more than once", answer);
        Assert.Equal(0, backend.Requests);
    }

    private static Task<TestGateway> StartAsync(TestBackend backend) =>
        TestGateway.StartAsync(AuthGateway.Config(backend, $"{{ type: apiKey, keys: {TestApiKeys.Inline(("alice", TestApiKeys.Alice))} }}"));
}
