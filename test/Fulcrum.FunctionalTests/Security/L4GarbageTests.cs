using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.L4.ProxyProtocol;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Garbage at layer 4 (HAProxy's <c>proxy_protocol_tlv_validation.vtc</c> analogue): on a tcp listener that requires
/// a PROXY header, truncated or inconsistent v2 headers (a TLV longer than the header, address lengths that do not
/// fit the family, a length beyond what is sent), invalid v1 lines and random bytes; on a TLS-passthrough listener,
/// a ClientHello that lies about its length and random bytes. Each connection is closed and nothing at all is
/// forwarded: the destination accepts no connection.
/// </summary>
public sealed class L4GarbageTests(ITestOutputHelper output)
{
    private static byte[] V2(byte family, int declaredLength, byte[] body) =>
        [.. ProxyHeaderParser.V2Signature, 0x21, family, (byte)(declaredLength >> 8), (byte)declaredLength, .. body];

    private static readonly byte[] Ipv4Addresses = [203, 0, 113, 7, 198, 51, 100, 1, 0x12, 0x67, 0x15, 0x38];

    public static IEnumerable<(string Name, byte[] Bytes)> ProxyGarbage()
    {
        yield return ("v2 TLV longer than the header", V2(0x11, 12 + 5, [.. Ipv4Addresses, 0x01, 0x00, 0xFF, 0x61, 0x62]));
        yield return ("v2 IPv4 with 8 address bytes", V2(0x11, 8, Ipv4Addresses[..8]));
        yield return ("v2 IPv6 family, IPv4 length", V2(0x21, 12, Ipv4Addresses));
        yield return ("v2 length beyond the data, then EOF", V2(0x11, 0xFFFF, Ipv4Addresses));
        yield return ("v2 unknown version nibble", [.. ProxyHeaderParser.V2Signature, 0x31, 0x11, 0x00, 0x0C, .. Ipv4Addresses]);
        yield return ("v1 port out of range", "PROXY TCP4 1.2.3.4 5.6.7.8 99999 80\r\n"u8.ToArray());
        yield return ("v1 family mismatch", "PROXY TCP6 1.2.3.4 5.6.7.8 1 2\r\n"u8.ToArray());
        yield return ("v1 no CRLF within 107 bytes", System.Text.Encoding.ASCII.GetBytes("PROXY TCP4 " + new string('1', 120)));
        yield return ("v1 bare LF", "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n"u8.ToArray());
        var random = new Random(8);
        for (var i = 0; i < 10; i++)
        {
            var bytes = new byte[random.Next(16, 300)];
            random.NextBytes(bytes);
            yield return ($"random {bytes.Length} bytes #{i}", bytes);
        }
    }

    [Fact]
    public async Task Connect_ProxyProtocolGarbage_ClosedNothingForwarded()
    {
        await using var echo = TcpEchoServer.Start("e1");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", "proxyProtocol: accept", "", echo.Address));
        var cases = 0;
        var forwarded = new List<string>();
        foreach (var (name, bytes) in ProxyGarbage())
        {
            var before = echo.Accepted;
            using var client = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
            await client.SendAsync(bytes, SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
            Assert.True(await L4Client.IsClosedAsync(client, TimeSpan.FromSeconds(5)), $"{name}: connection kept open");
            if (echo.Accepted != before)
            {
                forwarded.Add(name);
            }

            cases++;
        }

        output.WriteLine($"B6 PROXY garbage: {cases} cases closed, connections forwarded {echo.Accepted} ({string.Join(", ", forwarded)})");
        Assert.True(echo.Accepted == 0, $"forwarded: {string.Join(", ", forwarded)}");
    }

    [Fact]
    public async Task Connect_PassthroughGarbage_ClosedNothingForwarded()
    {
        await using var other = TcpEchoServer.Start("other");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              tls: { protocol: tcp, address: 127.0.0.1:0, tls: { mode: passthrough } }
            routes:
              other: { listeners: [tls], cluster: other }
            clusters:
              other: { protocol: tcp, destinations: { o1: { address: "{{other.Address}}" } } }
            """);
        var random = new Random(9);
        var noise = new byte[1000];
        random.NextBytes(noise);
        (string Name, byte[] Bytes)[] cases =
        [
            ("record longer than sent", [0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3F, 0xFC, 0x03, 0x03]),
            ("handshake longer than record", [0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0x03, 0x03, 0x00, 0x00]),
            ("not a ClientHello", [0x16, 0x03, 0x01, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00]),
            ("random bytes", noise),
        ];
        foreach (var (name, bytes) in cases)
        {
            using var client = await L4Client.ConnectAsync(gateway.EndPoint("tls"));
            await client.SendAsync(bytes, SocketFlags.None);
            client.Shutdown(SocketShutdown.Send);
            Assert.True(await L4Client.IsClosedAsync(client, TimeSpan.FromSeconds(5)), $"{name}: connection kept open");
        }

        output.WriteLine($"B6 passthrough garbage: {cases.Length} cases closed, connections forwarded {other.Accepted}");
        Assert.Equal(0, other.Accepted);
    }
}
