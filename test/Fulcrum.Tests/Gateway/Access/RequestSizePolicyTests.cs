using System.Text;
using Fulcrum.Gateway.Access;
using Fulcrum.Tests.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fulcrum.Tests.Gateway.Access;

public class RequestSizePolicyTests
{
    private static RequestSizePolicy Policy(long? body = null, long? headers = null, long? url = null) =>
        new("p", body, headers, url, NullLoggerFactory.Instance);

    [Fact]
    public async Task ApplyAsync_ContentLengthOverLimit_413JsonWithConnectionClose()
    {
        var context = Context("POST", contentLength: 1001);
        var limit = new LimitFeature();
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);

        var proceed = await Policy(body: 1000).ApplyAsync(context, null!);

        Assert.False(proceed);
        Assert.Equal(413, context.Response.StatusCode);
        Assert.Equal("close", context.Response.Headers.Connection);
        Assert.Equal("{\"error\":\"request body too large\",\"limit\":1000,\"status\":413}\n", Body(context));
        Assert.Equal(1000, limit.MaxRequestBodySize);
    }

    [Fact]
    public async Task ApplyAsync_ContentLengthAtLimit_ContinuesWithServerLimitSetAndNoWrapper()
    {
        var context = Context("POST", contentLength: 1000);
        var limit = new LimitFeature { MaxRequestBodySize = 30_000_000 };
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);
        var original = context.Request.Body;

        Assert.True(await Policy(body: 1000).ApplyAsync(context, null!));

        Assert.Equal(1000, limit.MaxRequestBodySize);
        Assert.Same(original, context.Request.Body);
    }

    [Fact]
    public async Task ApplyAsync_UnknownLength_BodyWrappedAndServerLimitOnlyABackstop()
    {
        var context = Context("POST");
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        var limit = new LimitFeature();
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);

        Assert.True(await Policy(body: 1000).ApplyAsync(context, null!));

        Assert.IsType<SizeLimitedBody>(context.Request.Body);
        Assert.Equal(2000 + (64 * 1024), limit.MaxRequestBodySize);
    }

    [Fact]
    public async Task ApplyAsync_NoBody_NotWrapped()
    {
        var context = Context("GET");
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(false));
        var original = context.Request.Body;

        Assert.True(await Policy(body: 1000).ApplyAsync(context, null!));

        Assert.Same(original, context.Request.Body);
    }

    [Fact]
    public async Task ApplyAsync_UrlOverLimit_414()
    {
        var context = Context("GET", target: "/a/b?c=" + new string('x', 100));

        Assert.False(await Policy(url: 100).ApplyAsync(context, null!));

        Assert.Equal(414, context.Response.StatusCode);
        Assert.Equal("{\"error\":\"request URL too long\",\"limit\":100,\"status\":414}\n", Body(context));
    }

    [Fact]
    public async Task ApplyAsync_HeadersOverLimit_431()
    {
        var context = Context("GET");
        context.Request.Headers["X-Big"] = new string('x', 200);

        Assert.False(await Policy(headers: 200).ApplyAsync(context, null!));

        Assert.Equal(431, context.Response.StatusCode);
    }

    [Fact]
    public void HeadersSize_CountsEachLineAsWritten()
    {
        var headers = new HeaderDictionary { ["Host"] = "a", ["X-Two"] = new(["1", "22"]) };

        // "Host: a\r\n" = 9, "X-Two: 1\r\n" = 10, "X-Two: 22\r\n" = 11
        Assert.Equal(30, RequestSizePolicy.HeadersSize(headers));
    }

    [Fact]
    public void UrlLength_RawTargetPreferred()
    {
        var context = Context("GET", target: "/%61?q=1");
        context.Request.Path = "/a";

        Assert.Equal(8, RequestSizePolicy.UrlLength(context));
    }

    [Fact]
    public void ApplyAsync_WithinLimits_AllocatesNothing()
    {
        var policy = Policy(body: 1000, url: 1000);
        var context = Context("POST", contentLength: 10, target: "/upload");
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(new LimitFeature());

        var bytes = Allocations.SteadyStateBytes(() =>
        {
            if (!policy.ApplyAsync(context, null!).Result)
            {
                throw new InvalidOperationException("refused");
            }
        });

        Assert.Equal(0, bytes);
    }

    private static DefaultHttpContext Context(string method, long? contentLength = null, string target = "/")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.ContentLength = contentLength;
        context.Request.Path = target.Split('?')[0];
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    private sealed class LimitFeature : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }
}
