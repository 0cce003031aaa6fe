using System.Net.Sockets;
using System.Text;

namespace Fulcrum.FunctionalTests.Gateway.Auth;

/// <summary>Sends request bytes exactly as written (repeated headers, odd spacing) and reads the whole answer.</summary>
internal static class RawHttp
{
    public static async Task<string> SendAsync(Uri gateway, string request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(gateway.Host, gateway.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
