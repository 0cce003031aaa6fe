using System.Text;
using Fulcrum.Gateway.Auth;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Gateway.Auth;

public class AuthRejectionTests
{
    [Fact]
    public async Task WriteAsync_StatusChallengeNoStoreAndJsonBody()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var rejection = new AuthRejection(401, "Bearer realm=\"api\"", "the token has expired", "expired");

        await rejection.WriteAsync(context);

        Assert.Equal(401, context.Response.StatusCode);
        Assert.Equal("Bearer realm=\"api\"", context.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.Equal("{\"error\":\"the token has expired\",\"status\":401}\n", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task WriteAsync_NoChallenge_NoHeader()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();

        await new AuthRejection(503, null, "the keys to verify tokens are not available yet", "keys_unavailable").WriteAsync(context);

        Assert.False(context.Response.Headers.ContainsKey("WWW-Authenticate"));
    }

    [Theory]
    [InlineData("fulcrum", "\"fulcrum\"")]
    [InlineData("a \"b\" \\c", "\"a \\\"b\\\" \\\\c\"")]
    public void Quote_EscapesQuotesAndBackslashes(string value, string expected)
    {
        Assert.Equal(expected, AuthRejection.Quote(value));
    }
}
