using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>
/// A raw TLS client: one handshake to a listener with a chosen SNI, versions, ALPN and client certificate, showing
/// the certificate the server chose. It accepts any server certificate, because what it checks is which one came.
/// </summary>
internal sealed class TlsProbe : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private TlsProbe(TcpClient tcp, SslStream stream)
    {
        _tcp = tcp;
        Stream = stream;
    }

    public SslStream Stream { get; }

    public X509Certificate2 ServerCertificate => (X509Certificate2)Stream.RemoteCertificate!;

    /// <summary>The DNS names of the server certificate's SAN.</summary>
    public string[] ServerNames => [.. ServerCertificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(s => s.EnumerateDnsNames())];

    public static async Task<TlsProbe> ConnectAsync(
        IPEndPoint endPoint,
        string? serverName,
        SslProtocols protocols = SslProtocols.None,
        IReadOnlyList<SslApplicationProtocol>? alpn = null,
        X509Certificate2? clientCertificate = null)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endPoint);
            var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await stream.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    // An IP address as target host sends no SNI at all, as a client dialling by address does.
                    TargetHost = serverName ?? endPoint.Address.ToString(),
                    EnabledSslProtocols = protocols,
                    ApplicationProtocols = alpn?.ToList(),
                    ClientCertificates = clientCertificate is null ? null : [clientCertificate],
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                deadline.Token);
            return new TlsProbe(tcp, stream);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Sends one HTTP/1.1 GET on this connection and returns the status line.</summary>
    public async Task<string> GetStatusLineAsync(string path)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: probe\r\n\r\n"));
        await Stream.FlushAsync();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var read = await Stream.ReadAsync(buffer, deadline.Token);
            if (read == 0)
            {
                throw new IOException("connection closed before a response: " + received);
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var text = received.ToString();
            var headersEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headersEnd >= 0 && Complete(text, headersEnd))
            {
                return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
            }
        }
    }

    /// <summary>The whole response is in: its Content-Length of body, or the last chunk of a chunked one.</summary>
    private static bool Complete(string text, int headersEnd)
    {
        foreach (var line in text[..headersEnd].Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(line["Content-Length:".Length..].Trim(), out var length) && text.Length >= headersEnd + 4 + length;
            }
        }

        return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }
}
