using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.L4;

public sealed class TlsTerminateTests
{
    [Fact]
    public async Task Terminate_ClientSeesGatewayCertificate_DestinationGetsPlainBytes()
    {
        await using var echo = TcpEchoServer.Start("e1");
        var directory = Directory.CreateTempSubdirectory("fulcrum-l4-tls-").FullName;
        using var authority = TestCertificates.CreateAuthority();
        var certificate = authority.IssueServer("db.test", ["db.test"]);
        var (certFile, keyFile) = TestCertificates.WritePem(certificate, directory, "db");
        await using var gateway = await TestGateway.StartAsync(Yaml.L4("tcp", $"tls: {{ mode: terminate, certificates: [{{ certFile: \"{certFile}\", keyFile: \"{keyFile}\" }}] }}", "", echo.Address));
        using var socket = await L4Client.ConnectAsync(gateway.EndPoint("edge"));
        X509Certificate? seen = null;
        await using var tls = new SslStream(new NetworkStream(socket), leaveInnerStreamOpen: false);

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "db.test",
            RemoteCertificateValidationCallback = (_, presented, _, _) =>
            {
                seen = presented;
                return true;
            },
        });
        await tls.WriteAsync(Encoding.UTF8.GetBytes("plain inside"));
        var buffer = new byte[12];
        await tls.ReadExactlyAsync(buffer).AsTask().WaitAsync(L4Client.ReadTimeout);

        Assert.Equal("plain inside", Encoding.UTF8.GetString(buffer));
        Assert.Equal(certificate.Thumbprint, new X509Certificate2(seen!).Thumbprint);
        Assert.Equal(1, echo.Accepted);
        Directory.Delete(directory, recursive: true);
    }
}
