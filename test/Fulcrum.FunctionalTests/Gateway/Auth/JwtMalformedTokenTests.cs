using System.Net;
using System.Text.Json;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>
/// Families 9 (a 10 KB kid), 11 (huge tokens) and 13: malformed base64url, the wrong number of segments,
/// non-JSON and duplicate JSON members. Every one is 401 (431 from the listener for a header past its limit), none
/// reaches the backend, none is a 500.
/// </summary>
public sealed class JwtMalformedTokenTests
{
    public static TheoryData<string, string> Malformed()
    {
        var claims = JsonSerializer.Serialize(TestTokens.Claims());
        var header = TestTokens.Encode("""{"alg":"RS256","typ":"JWT","kid":"rsa-1"}""");
        var payload = TestTokens.Encode(claims);
        return new TheoryData<string, string>
        {
            { "two segments", $"{header}.{payload}" },
            { "four segments", $"{header}.{payload}.c2ln.c2ln" },
            { "one segment", header },
            { "not base64url", $"{header}.{payload}.sig+na/ture==" },
            { "stars", "***.***.***" },
            { "empty header", $".{payload}.c2ln" },
            { "empty payload", $"{header}..c2ln" },
            { "header not json", $"{TestTokens.Encode("RS256")}.{payload}.c2ln" },
            { "header a json array", $"{TestTokens.Encode("""["RS256"]""")}.{payload}.c2ln" },
            { "payload not json", $"{header}.{TestTokens.Encode("hello")}.c2ln" },
            { "alg missing", $"{TestTokens.Encode("""{"typ":"JWT"}""")}.{payload}.c2ln" },
            { "alg a number", $"{TestTokens.Encode("""{"alg":256}""")}.{payload}.c2ln" },
            { "base64 of length 1 mod 4", $"{header}.{payload}A.c2ln" },
        };
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Get_MalformedToken_Returns401Malformed(string what, string token)
    {
        await using var scenario = await JwtScenario.StartAsync();

        using var response = await scenario.SendAsync(token);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, what);
        await scenario.AssertRejectedAsync(response, "the token is malformed");
    }

    [Fact]
    public async Task Get_DuplicateMembersSignedByTrustedKey_Returns401Malformed()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var claims = JsonSerializer.Serialize(TestTokens.Claims());
        var duplicateHeader = TestTokens.Sign(scenario.Key, """{"alg":"RS256","kid":"rsa-1","alg":"none"}""", claims);
        var duplicatePayload = TestTokens.Sign(scenario.Key, """{"alg":"RS256","kid":"rsa-1"}""", claims[..^1] + ""","sub":"root"}""");

        await scenario.AssertRejectedAsync(duplicateHeader, "the token is malformed");
        await scenario.AssertRejectedAsync(duplicatePayload, "the token is malformed");
    }

    [Fact]
    public async Task Get_TenKilobyteKid_Returns401TooLarge()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var token = TestTokens.Create(scenario.Key, header: new() { ["kid"] = new string('k', 10 * 1024) });

        await scenario.AssertRejectedAsync(token, "the token is too large");
    }

    [Fact]
    public async Task Get_TokenOverMaxTokenSize_Returns401TooLargeAndOver32KiBHeader431()
    {
        await using var scenario = await JwtScenario.StartAsync();
        var claims = TestTokens.Claims();
        claims["padding"] = new string('p', 20 * 1024);

        await scenario.AssertRejectedAsync(TestTokens.Create(scenario.Key, claims), "the token is too large");

        claims["padding"] = new string('p', 200 * 1024);
        using var huge = await scenario.SendAsync(TestTokens.Create(scenario.Key, claims));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, huge.StatusCode);
        Assert.Equal(0, scenario.Backend.Requests);
    }
}
