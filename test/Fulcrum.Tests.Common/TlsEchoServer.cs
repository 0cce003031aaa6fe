using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A real TLS server on 127.0.0.1:0 with its own certificate: completes the handshake, then echoes. A client
/// that sees <see cref="Certificate"/> knows the TLS session reached this server, not a proxy in between.
/// </summary>
public sealed class TlsEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _accepted;

    private TlsEchoServer(X509Certificate2 certificate)
    {
        Certificate = certificate;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public X509Certificate2 Certificate { get; }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The server name the last client asked for, as the TLS server saw it.</summary>
    public string? LastServerName { get; private set; }

    public static TlsEchoServer Start(params string[] dnsNames)
    {
        using var authority = TestCertificates.CreateAuthority("Fulcrum Test TLS Server CA");
        return new TlsEchoServer(authority.IssueServer(dnsNames[0], dnsNames));
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, _stop.Token);
                LastServerName = tls.TargetHostName;
                var buffer = new byte[16 * 1024];
                while (true)
                {
                    var read = await tls.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    await tls.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
