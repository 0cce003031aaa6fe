using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>Plain socket helpers for tcp and udp listener tests; every read has a deadline.</summary>
internal static class L4Client
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endPoint.Port));
        return socket;
    }

    /// <summary>
    /// A TLS client handshake to <paramref name="serverName"/> through the listener, then <paramref name="text"/> sent
    /// and read back: the echo and the certificate the other end presented (accepted whatever it is).
    /// </summary>
    public static async Task<(string Echo, X509Certificate2 Certificate)> TlsEchoAsync(IPEndPoint endPoint, string serverName, string text)
    {
        using var socket = await ConnectAsync(endPoint);
        X509Certificate? seen = null;
        await using var tls = new SslStream(new NetworkStream(socket), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate;
                return true;
            },
        });
        await tls.WriteAsync(Encoding.UTF8.GetBytes(text));
        var buffer = new byte[Encoding.UTF8.GetByteCount(text)];
        await tls.ReadExactlyAsync(buffer).AsTask().WaitAsync(ReadTimeout);
        return (Encoding.UTF8.GetString(buffer), new X509Certificate2(seen!));
    }

    public static async Task SendAsync(Socket socket, string text) =>
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None);

    /// <summary>Reads exactly <paramref name="length"/> bytes; fails if the connection ends first.</summary>
    public static async Task<string> ReadAsync(Socket socket, int length)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[length];
        var have = 0;
        while (have < length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(have), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                throw new IOException($"the connection ended after {have} of {length} bytes: '{Encoding.UTF8.GetString(buffer, 0, have)}'");
            }

            have += read;
        }

        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>Everything until the peer's FIN.</summary>
    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var all = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                return Encoding.UTF8.GetString(all.ToArray());
            }

            all.Write(buffer, 0, read);
        }
    }

    /// <summary>True when the gateway closed (FIN or reset) the connection within the deadline.</summary>
    public static async Task<bool> IsClosedAsync(Socket socket, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? ReadTimeout);
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A UDP client socket on 127.0.0.1, connected to the listener.</summary>
    public static Socket Udp(IPEndPoint listener)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Connect(new IPEndPoint(IPAddress.Loopback, listener.Port));
        return socket;
    }

    /// <summary>Sends one datagram and waits for the answer.</summary>
    public static async Task<string> AskAsync(Socket udp, string text)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout);
        await udp.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
        var buffer = new byte[65_535];
        var read = await udp.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on (a connect is refused).</summary>
    public static int RefusedPort() => LoopbackPorts.Unused();
}
