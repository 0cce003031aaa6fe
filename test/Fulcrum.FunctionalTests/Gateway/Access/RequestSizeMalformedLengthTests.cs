using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Gateway.Access;

/// <summary>
/// Bad framing on a size-limited route is Kestrel's to refuse with 400: a bad Content-Length before the policy runs
/// (nothing forwarded), a broken chunk while the body streams (the destination may have seen the head, never a
/// byte of body). Never a 500.
/// </summary>
public sealed class RequestSizeMalformedLengthTests
{
    [Theory]
    [InlineData("Content-Length: abc\r\n", 400)]
    [InlineData("Content-Length: -5\r\n", 400)]
    [InlineData("Content-Length: 99999999999999999999999\r\n", 400)]
    [InlineData("Content-Length: 1e6\r\n", 400)]
    [InlineData("Content-Length: 10\r\nContent-Length: 20\r\n", 400)]
    [InlineData("Content-Length: 10\r\nTransfer-Encoding: chunked\r\n", 400)]
    [InlineData("Transfer-Encoding: chunked\r\n", 400)]
    public async Task Post_MalformedFraming_ClientErrorNever500(string framing, int expected)
    {
        await using var backend = await CountingBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { policies: [small], cluster: pool }
            clusters:
              pool: { destinations: { d1: { address: "{{backend.Address}}" } } }
            policies:
              small: { type: requestSize, maxBodySize: 1KiB }
            """);
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;

        // The chunked cases carry a broken chunk size.
        var response = await RawConnection.SendAsync(endPoint, $"POST /upload HTTP/1.1\r\nHost: x\r\n{framing}\r\nzz\r\nabc\r\n0\r\n\r\n");

        Assert.Equal(expected, response.Status);
        await Wait.UntilAsync(() => backend.Finished == backend.Requests, "the destination's handler ended");
        Assert.Equal(0, backend.Bytes);
        if (!framing.Contains("chunked", StringComparison.Ordinal))
        {
            Assert.Equal(0, backend.Requests);
        }
    }
}
