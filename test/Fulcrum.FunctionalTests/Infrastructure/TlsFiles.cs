using System.Security.Cryptography.X509Certificates;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Infrastructure;

/// <summary>A temporary directory of PEM files issued at run time by one test CA, and the YAML that names them.</summary>
internal sealed class TlsFiles : IDisposable
{
    public TlsFiles(string caName = "Fulcrum Test CA")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fulcrum-tls-").FullName;
        Authority = TestCertificates.CreateAuthority(caName);
        CaFile = Authority.WriteCaPem(Directory);
    }

    public string Directory { get; }

    public TestCertificates Authority { get; }

    /// <summary>The CA certificate as PEM, for <c>caFile</c> settings and <c>curl --cacert</c>.</summary>
    public string CaFile { get; }

    /// <summary>Issues a server certificate for <paramref name="dnsNames"/> and writes it as NAME.crt / NAME.key.</summary>
    public (string CertFile, string KeyFile) Server(string name, params string[] dnsNames) =>
        TestCertificates.WritePem(Authority.IssueServer(dnsNames.FirstOrDefault() ?? name, dnsNames), Directory, name);

    public (string CertFile, string KeyFile) Write(X509Certificate2 certificate, string name) =>
        TestCertificates.WritePem(certificate, Directory, name);

    /// <summary><c>[{ certFile: "...", keyFile: "..." }, ...]</c>.</summary>
    public static string CertificatesYaml(params (string CertFile, string KeyFile)[] pairs) =>
        "[" + string.Join(", ", pairs.Select(p => $"{{ certFile: \"{p.CertFile}\", keyFile: \"{p.KeyFile}\" }}")) + "]";

    public void Dispose()
    {
        Authority.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
