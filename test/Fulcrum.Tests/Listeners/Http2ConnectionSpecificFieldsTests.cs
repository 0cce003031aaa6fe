using Fulcrum.Listeners;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fulcrum.Tests.Listeners;

public sealed class Http2ConnectionSpecificFieldsTests
{
    private sealed class ResetFeature : IHttpResetFeature
    {
        public int? Code { get; private set; }

        public void Reset(int errorCode) => Code = errorCode;
    }

    private static (HttpContext Context, ResetFeature Reset) Context(string protocol, string? field)
    {
        var context = new DefaultHttpContext();
        var reset = new ResetFeature();
        context.Features.Set<IHttpResetFeature>(reset);
        context.Request.Protocol = protocol;
        if (field is not null)
        {
            context.Request.Headers[field] = "x";
        }

        return (context, reset);
    }

    [Theory]
    [InlineData("Transfer-Encoding")]
    [InlineData("Keep-Alive")]
    [InlineData("Proxy-Connection")]
    [InlineData("Upgrade")]
    public void RejectIfPresent_Http2WithField_StreamResetProtocolError(string field)
    {
        var (context, reset) = Context("HTTP/2", field);

        Assert.True(Http2ConnectionSpecificFields.RejectIfPresent(context));
        Assert.Equal(0x1, reset.Code);
    }

    [Theory]
    [InlineData("HTTP/2", null)]
    [InlineData("HTTP/2", "TE")]
    [InlineData("HTTP/1.1", "Transfer-Encoding")]
    [InlineData("HTTP/1.1", "Upgrade")]
    public void RejectIfPresent_OtherwisePassed(string protocol, string? field)
    {
        var (context, reset) = Context(protocol, field);

        Assert.False(Http2ConnectionSpecificFields.RejectIfPresent(context));
        Assert.Null(reset.Code);
    }
}
