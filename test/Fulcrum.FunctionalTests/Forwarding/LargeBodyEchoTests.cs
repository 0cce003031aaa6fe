using System.Security.Cryptography;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>An 8 MiB body goes up and comes back through the gateway byte for byte.</summary>
public sealed class LargeBodyEchoTests
{
    [Fact]
    public async Task Post_EightMebibyteBody_EchoedByteIdentical()
    {
        await using var backend = await TestBackend.StartAsync("b");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: b }
            clusters:
              b: { destinations: { b1: { address: "{{backend.Address}}" } } }
            """);
        var body = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(body);

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/octet-stream");
        using var response = await gateway.Client.PostAsync(gateway.Url() + "/echo", content);
        response.EnsureSuccessStatusCode();
        var echoed = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(body.Length, echoed.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), Convert.ToHexString(SHA256.HashData(echoed)));
        Assert.True(backend.Received.TryDequeue(out var received));
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["Content-Length"]);
    }
}
