using Fulcrum.Gateway.Auth.Jwt;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

public class TokenReaderTests
{
    private static (TokenProblem Problem, string? Token) Read(JwtPolicyConfig config, Action<HttpRequest> arrange)
    {
        var context = new DefaultHttpContext();
        arrange(context.Request);
        var problem = TokenReader.For(config).Read(context, out var token);
        return (problem, token);
    }

    [Theory]
    [InlineData("Bearer abc.def.ghi", nameof(TokenProblem.None), "abc.def.ghi")]
    [InlineData("bearer abc", nameof(TokenProblem.None), "abc")]
    [InlineData("  Bearer   abc  ", nameof(TokenProblem.None), "abc")]
    [InlineData("Bearer", nameof(TokenProblem.Missing), null)]
    [InlineData("Bearer    ", nameof(TokenProblem.Missing), null)]
    [InlineData("Basic dXNlcjpwYXNz", nameof(TokenProblem.Missing), null)]
    [InlineData("Bearerabc", nameof(TokenProblem.Missing), null)]
    [InlineData("Bearer a b", nameof(TokenProblem.Malformed), null)]
    [InlineData("Bearer a,Bearer b", nameof(TokenProblem.Malformed), null)]
    public void Read_AuthorizationHeader_Judged(string value, string problem, string? token)
    {
        var (actual, read) = Read(new JwtPolicyConfig(), r => r.Headers.Authorization = value);
        Assert.Equal((problem, token), (actual.ToString(), read));
    }

    [Fact]
    public void Read_AuthorizationTwice_Ambiguous()
    {
        Assert.Equal(TokenProblem.Ambiguous, Read(new JwtPolicyConfig(), r => r.Headers.Authorization = new(["Bearer a", "Bearer a"])).Problem);
    }

    [Fact]
    public void Read_OtherLocations_FromThere()
    {
        Assert.Equal((TokenProblem.None, "t1"), Read(new JwtPolicyConfig { Header = "X-Token" }, r => r.Headers["X-Token"] = " t1 "));
        Assert.Equal((TokenProblem.None, "t2"), Read(new JwtPolicyConfig { Cookie = "s" }, r => r.Headers.Cookie = "a=1; s=t2"));
        Assert.Equal((TokenProblem.None, "t3"), Read(new JwtPolicyConfig { Query = "access_token" }, r => r.QueryString = new QueryString("?access_token=t3")));
        Assert.Equal(TokenProblem.Ambiguous, Read(new JwtPolicyConfig { Query = "t" }, r => r.QueryString = new QueryString("?t=1&t=2")).Problem);
        Assert.Equal(TokenProblem.Missing, Read(new JwtPolicyConfig { Cookie = "s" }, r => r.Headers.Cookie = "a=1").Problem);
    }

    [Fact]
    public void Remove_Cookie_OnlyThatCookie()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "a=1; s=token; b=2";

        TokenReader.For(new JwtPolicyConfig { Cookie = "s" }).Remove(context);

        Assert.Equal("a=1; b=2", context.Request.Headers.Cookie.ToString());
    }

    [Fact]
    public void Remove_OnlyCookie_HeaderRemoved()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "s=token";

        TokenReader.For(new JwtPolicyConfig { Cookie = "s" }).Remove(context);

        Assert.False(context.Request.Headers.ContainsKey("Cookie"));
    }
}
