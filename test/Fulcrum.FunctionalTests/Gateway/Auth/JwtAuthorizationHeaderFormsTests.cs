using System.Net;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Family 15: how the Authorization header may be written. The scheme compares without case and may be followed
/// by several spaces (RFC 9110 §11.4: <c>auth-scheme 1*SP token68</c>); two Authorization headers are ambiguous,
/// 400 invalid_request (RFC 6750 §3.1); another scheme or none is a missing token.
/// </summary>
public sealed class JwtAuthorizationHeaderFormsTests
{
    [Theory]
    [InlineData("bearer {0}")]
    [InlineData("BEARER {0}")]
    [InlineData("Bearer  {0}")]
    [InlineData("Bearer {0} ")]
    public async Task Get_BearerSchemeSpelledDifferently_Accepted(string format)
    {
        await using var scenario = await JwtScenario.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Gateway.Url());
        request.Headers.TryAddWithoutValidation("Authorization", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, TestTokens.Create(scenario.Key)));

        using var response = await scenario.Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(scenario.Backend.Received.Single().Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Get_AuthorizationSentTwice_Returns400InvalidRequest()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key);

        // HttpClient folds repeated headers into one line, so the two lines are written by hand.
        var answer = await RawHttp.SendAsync(new Uri(scenario.Gateway.Url()),
            $"GET / HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer {token}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Contains("WWW-Authenticate: Bearer realm=\"fulcrum\", error=\"invalid_request\", error_description=\"the token is given more than once\"", answer);
        Assert.Equal(0, scenario.Backend.Requests);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Token abc")]
    public async Task Get_NoBearerToken_Returns401Required(string? authorization)
    {
        await using var scenario = await JwtScenario.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Gateway.Url());
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await scenario.Gateway.Client.SendAsync(request);

        await scenario.AssertRejectedAsync(response, "an Authorization: Bearer token is required");
    }

    [Fact]
    public async Task Get_TwoTokensInOneHeader_Returns401Malformed()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key);
        using var request = new HttpRequestMessage(HttpMethod.Get, scenario.Gateway.Url());
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}, Bearer {token}");

        using var response = await scenario.Gateway.Client.SendAsync(request);

        await scenario.AssertRejectedAsync(response, "the token is malformed");
    }
}
