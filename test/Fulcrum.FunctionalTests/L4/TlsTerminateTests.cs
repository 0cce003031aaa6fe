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
        var (echoed, presented) = await L4Client.TlsEchoAsync(gateway.EndPoint("edge"), "db.test", "plain inside");

        Assert.Equal("plain inside", echoed);
        Assert.Equal(certificate.Thumbprint, presented.Thumbprint);
        Assert.Equal(1, echo.Accepted);
        Directory.Delete(directory, recursive: true);
    }
}
