using System.Text;
using Fulcrum.Gateway.Cors;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.Cors;

public class CorsPolicyTests
{
    private static CorsPolicy Policy(
        string[]? origins = null, string[]? methods = null, string[]? headers = null, string? expose = null, bool credentials = false, string? maxAge = null) =>
        new("p",
            OriginMatcher.Create(origins ?? ["https://app.example.com", "https://*.example.com"]),
            methods ?? ["GET", "POST", "PUT"],
            RequestedHeaders.Create(headers ?? ["Content-Type"]),
            expose,
            credentials,
            maxAge,
            NullLoggerFactory.Instance);

    [Fact]
    public async Task ApplyAsync_AllowedPreflight_204WithGrantAndStops()
    {
        var context = Preflight("https://app.example.com", "PUT", "content-type");

        var proceed = await Policy(credentials: true, maxAge: "600").ApplyAsync(context, null!);

        Assert.False(proceed);
        var response = context.Response;
        Assert.Equal(204, response.StatusCode);
        Assert.Equal("https://app.example.com", response.Headers.AccessControlAllowOrigin);
        Assert.Equal("true", response.Headers.AccessControlAllowCredentials);
        Assert.Equal("PUT", response.Headers.AccessControlAllowMethods);
        Assert.Equal("content-type", response.Headers.AccessControlAllowHeaders);
        Assert.Equal("600", response.Headers.AccessControlMaxAge);
        Assert.Equal("Origin", response.Headers.Vary);
        Assert.Equal(0, response.Body.Length);
    }

    [Fact]
    public async Task ApplyAsync_PreflightStarOriginsWithoutCredentials_AnswersStar()
    {
        var context = Preflight("https://anyone.test", "GET");

        Assert.False(await Policy(origins: ["*"]).ApplyAsync(context, null!));

        Assert.Equal("*", context.Response.Headers.AccessControlAllowOrigin);
        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Allow-Headers"));
        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Max-Age"));
    }

    [Theory]
    [InlineData("https://evil.test", "GET", null)]
    [InlineData("https://app.example.com", "DELETE", null)]
    [InlineData("https://app.example.com", "GET", "x-secret")]
    [InlineData("https://app.example.com", "GET", "content-type, bad name")]
    public async Task ApplyAsync_RefusedPreflight_403WithoutCorsHeaders(string origin, string method, string? headers)
    {
        var context = Preflight(origin, method, headers);

        Assert.False(await Policy().ApplyAsync(context, null!));

        Assert.Equal(403, context.Response.StatusCode);
        Assert.DoesNotContain(context.Response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("{\"error\":\"CORS preflight refused\",\"status\":403}\n", Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    [Fact]
    public async Task ApplyAsync_PreflightMethodStar_AnyMethodEchoed()
    {
        var context = Preflight("https://app.example.com", "patch");

        Assert.False(await new CorsPolicy("p", OriginMatcher.Create(["https://app.example.com"]), null, RequestedHeaders.Create([]), null, false, null, NullLoggerFactory.Instance)
            .ApplyAsync(context, null!));

        Assert.Equal(204, context.Response.StatusCode);
        Assert.Equal("patch", context.Response.Headers.AccessControlAllowMethods);
    }

    [Fact]
    public async Task ApplyAsync_OptionsWithoutRequestMethod_IsAnActualRequest()
    {
        var context = Context("OPTIONS", "https://app.example.com");

        Assert.True(await Policy().ApplyAsync(context, null!));

        Assert.Equal("https://app.example.com", context.Response.Headers.AccessControlAllowOrigin);
    }

    [Fact]
    public async Task ApplyAsync_ActualRequestAllowedOrigin_GrantSetAndContinues()
    {
        var context = Context("GET", "https://x.example.com");

        Assert.True(await Policy(expose: "X-Request-Id, X-Total", credentials: true).ApplyAsync(context, null!));

        var headers = context.Response.Headers;
        Assert.Equal("https://x.example.com", headers.AccessControlAllowOrigin);
        Assert.Equal("true", headers.AccessControlAllowCredentials);
        Assert.Equal("X-Request-Id, X-Total", headers.AccessControlExposeHeaders);
        Assert.Equal("Origin", headers.Vary);
    }

    [Fact]
    public async Task ApplyAsync_NoOrigin_Untouched()
    {
        var context = Context("GET", origin: null);

        Assert.True(await Policy().ApplyAsync(context, null!));

        Assert.Empty(context.Response.Headers);
    }

    [Fact]
    public async Task ApplyAsync_TwoOrigins_NotGranted()
    {
        var context = Context("GET", origin: null);
        context.Request.Headers.Origin = new(["https://app.example.com", "https://x.example.com"]);

        Assert.True(await Policy().ApplyAsync(context, null!));

        Assert.False(context.Response.Headers.ContainsKey("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void ApplyResponse_DestinationSentItsOwn_Replaced()
    {
        var context = Context("GET", "https://app.example.com");
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlExposeHeaders = "X-Internal";
        headers.Vary = "Accept-Encoding";

        Policy().ApplyResponse(context, null!);

        Assert.Equal("https://app.example.com", headers.AccessControlAllowOrigin);
        Assert.False(headers.ContainsKey("Access-Control-Allow-Credentials"));
        Assert.False(headers.ContainsKey("Access-Control-Expose-Headers"));
        Assert.Equal("Accept-Encoding,Origin", headers.Vary.ToString());
    }

    [Fact]
    public void ApplyResponse_DisallowedOrigin_DestinationGrantRemoved()
    {
        var context = Context("GET", "https://evil.test");
        context.Response.Headers.AccessControlAllowOrigin = "https://evil.test";
        context.Response.Headers.AccessControlAllowCredentials = "true";

        Policy().ApplyResponse(context, null!);

        Assert.Empty(context.Response.Headers);
    }

    [Fact]
    public void ApplyResponse_NonCorsRequest_DestinationHeadersKept()
    {
        var context = Context("GET", origin: null);
        context.Response.Headers.AccessControlAllowOrigin = "*";

        Policy().ApplyResponse(context, null!);

        Assert.Equal("*", context.Response.Headers.AccessControlAllowOrigin);
    }

    [Theory]
    [InlineData("Origin")]
    [InlineData("accept-encoding, origin")]
    [InlineData("*")]
    public void ApplyResponse_VaryAlreadyCoversOrigin_Unchanged(string vary)
    {
        var context = Context("GET", "https://app.example.com");
        context.Response.Headers.Vary = vary;

        Policy().ApplyResponse(context, null!);

        Assert.Equal(vary, context.Response.Headers.Vary);
    }

    [Fact]
    public void ApplyAsyncAndApplyResponse_AllowedOrigin_AllocateNothing()
    {
        var policy = Policy(expose: "X-Request-Id", credentials: true);
        var actual = Context("GET", "https://x.example.com");
        var preflight = Preflight("https://app.example.com", "PUT", "content-type");

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            actual.Response.Headers.Clear();
            _ = policy.ApplyAsync(actual, null!).Result;
            policy.ApplyResponse(actual, null!);
            preflight.Response.Headers.Clear();
            _ = policy.ApplyAsync(preflight, null!).Result;
        });

        Assert.Equal(0, bytes);
    }

    private static DefaultHttpContext Preflight(string origin, string method, string? headers = null)
    {
        var context = Context("OPTIONS", origin);
        context.Request.Headers.AccessControlRequestMethod = method;
        if (headers is not null)
        {
            context.Request.Headers.AccessControlRequestHeaders = headers;
        }

        return context;
    }

    private static DefaultHttpContext Context(string method, string? origin)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
