using Fulcrum.Gateway.Access;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Gateway.Access;

public class SizeLimitedBodyTests
{
    [Fact]
    public async Task ReadAsync_UpToTheLimit_PassesEverything()
    {
        var context = ContextWithBody(100);
        var body = SizeLimitedBody.Install(context, 100);

        var copy = new MemoryStream();
        await context.Request.Body.CopyToAsync(copy);

        Assert.Equal(100, copy.Length);
        Assert.False(body.Exceeded);
    }

    [Fact]
    public async Task ReadAsync_PastTheLimit_ThrowsAndNeverHandsOnTheExcess()
    {
        var context = ContextWithBody(250);
        var body = SizeLimitedBody.Install(context, 100);
        var buffer = new byte[64];
        var handedOn = 0;

        var error = await Assert.ThrowsAsync<BadHttpRequestException>(async () =>
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                handedOn += read;
            }
        });

        Assert.Equal(413, error.StatusCode);
        Assert.True(body.Exceeded);
        Assert.True(handedOn <= 100, $"{handedOn} bytes handed on");
    }

    [Fact]
    public void Read_Synchronous_SameLimit()
    {
        var context = ContextWithBody(101);
        SizeLimitedBody.Install(context, 100);

        Assert.Throws<BadHttpRequestException>(() => context.Request.Body.CopyTo(Stream.Null));
    }

    [Fact]
    public async Task ReadAsync_ServerLimitTrips_Noticed()
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new ThrowingStream();
        var body = SizeLimitedBody.Install(context, 100);

        await Assert.ThrowsAsync<BadHttpRequestException>(async () => await context.Request.Body.ReadExactlyAsync(new byte[10]));

        Assert.True(body.Exceeded);
    }

    private static DefaultHttpContext ContextWithBody(int length)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(new byte[length]);
        return context;
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new BadHttpRequestException("too large", 413);
    }
}
