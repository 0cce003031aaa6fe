using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Pipeline;

public sealed class GrpcResponsesTests
{
    [Theory]
    [InlineData(404, 12)]
    [InlineData(401, 16)]
    [InlineData(403, 7)]
    [InlineData(413, 8)]
    [InlineData(429, 14)]
    [InlineData(502, 14)]
    [InlineData(503, 14)]
    [InlineData(504, 14)]
    [InlineData(500, 13)]
    public void StatusFor_GatewayHttpStatus_MapsToGrpcCode(int http, int grpc) => Assert.Equal(grpc, GrpcResponses.StatusFor(http));

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("Application/GRPC", true)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsGrpc_ContentType_RecognisesGrpc(string? contentType, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;

        Assert.Equal(expected, GrpcResponses.IsGrpc(context.Request));
    }

    [Fact]
    public async Task WriteAsync_GatewayError_IsTrailersOnlyWithEscapedMessage()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/grpc";

        await GatewayResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, GatewayResponses.NoHealthyDestination("pool"));

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("application/grpc", context.Response.ContentType);
        Assert.Equal("14", context.Response.Headers["grpc-status"]);
        Assert.Equal("no%20healthy%20destination", context.Response.Headers["grpc-message"]);
    }
}
