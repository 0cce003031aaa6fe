using System.Net;
using System.Net.Sockets;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Gateway.RateLimiting;

/// <summary>
/// Whatever bytes a client puts in the header a limit is partitioned by, the answer is 200, 429 or Kestrel's 4xx,
/// never a 5xx; over-long values are counted by client address instead of growing the partition table. The route
/// removes the header after the limit has read it (as a gateway does with a key it consumed), so what is tested
/// is the limit and not whether the upstream client will send such bytes on.
/// </summary>
public sealed class GarbagePartitionHeaderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Get_GarbagePartitionHeaders_Never5xx()
    {
        await using var b1 = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              api: { match: { pathPrefix: / }, policies: [per-key, consumed], cluster: pool }
            clusters:
              pool: { destinations: {{Yaml.Destinations(b1)}} }
            policies:
              per-key: { type: rateLimit, limit: 2, period: 1m, partitionBy: header, partitionKey: X-Key }
              consumed: { type: headers, request: { remove: [X-Key] } }
            """);
        var endPoint = gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;
        var random = new Random(4711);
        var values = new List<byte[]>
        {
            Encoding.ASCII.GetBytes(new string('k', 300)),
            Encoding.ASCII.GetBytes(new string('k', 8000)),
            Encoding.ASCII.GetBytes("\"';--,;=()<>@\\/[]?{}"),
            Encoding.ASCII.GetBytes(",,,,,,"),
            Encoding.ASCII.GetBytes("   "),
            Encoding.ASCII.GetBytes(""),
            Encoding.UTF8.GetBytes("ключ-🙂"),
            new byte[] { 0xC3, 0x28, 0xA0, 0xA1 },
            new byte[] { (byte)'a', 0x7F, (byte)'b' },
            new byte[] { (byte)'a', 0x01, (byte)'b' },
            Encoding.ASCII.GetBytes("a\tb"),
        };
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 64)];
            random.NextBytes(bytes);
            values.Add([.. bytes.Where(b => b is not (byte)'\r' and not (byte)'\n')]);
        }

        var statuses = new List<int>();
        foreach (var value in values)
        {
            statuses.Add(await SendAsync(endPoint, value, twice: false));
            statuses.Add(await SendAsync(endPoint, value, twice: true));
            if (statuses[^1] >= 500 || statuses[^2] >= 500)
            {
                output.WriteLine($"{statuses[^2]} {statuses[^1]} for X-Key bytes {Convert.ToHexString(value)}");
            }
        }

        output.WriteLine(string.Join(" ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.All(statuses, s => Assert.True(s is 200 or 400 or 429 or 431, $"status {s}"));
        Assert.Contains(429, statuses);
        using var healthy = await gateway.Client.GetAsync(gateway.Url() + "/", HttpCompletionOption.ResponseHeadersRead);
        Assert.True(healthy.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests);
        Assert.InRange(RateLimitRequests.Policy(gateway, "api").Local!.PartitionCount, 1, values.Count + 1);
    }

    /// <summary>One request with the header (repeated when <paramref name="twice"/>); the answer's status.</summary>
    private static async Task<int> SendAsync(IPEndPoint endPoint, byte[] value, bool twice)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(endPoint, deadline.Token);
        var request = new List<byte>(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: fulcrum\r\n"));
        for (var i = 0; i < (twice ? 2 : 1); i++)
        {
            request.AddRange(Encoding.ASCII.GetBytes("X-Key: "));
            request.AddRange(value);
            request.AddRange(Encoding.ASCII.GetBytes("\r\n"));
        }

        request.AddRange(Encoding.ASCII.GetBytes("Connection: close\r\n\r\n"));
        await socket.SendAsync(request.ToArray(), deadline.Token);
        var buffer = new byte[16];
        var read = 0;
        while (read < 12)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), deadline.Token);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var statusLine = Encoding.ASCII.GetString(buffer, 0, read);
        return read >= 12 ? int.Parse(statusLine.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
