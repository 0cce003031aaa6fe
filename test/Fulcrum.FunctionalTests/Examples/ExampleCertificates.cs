using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Examples;

/// <summary>
/// The certificates examples/tls.yaml names, generated at run time into a temporary directory (FULCRUM_CERTS), so no
/// private key sits in the repository: a site CA with www.example.com and *.example.com, a partners CA for client
/// certificates, an internal CA for re-encrypted upstreams.
/// </summary>
public sealed class ExampleCertificates : IDisposable
{
    public ExampleCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("fulcrum-example-certs-").FullName;
        Site = TestCertificates.CreateAuthority("Example Site CA");
        Partners = TestCertificates.CreateAuthority("Example Partners CA");
        Internal = TestCertificates.CreateAuthority("Example Internal CA");
        TestCertificates.WritePem(Site.IssueServer("www.example.com", ["www.example.com", "example.com"]), Directory, "www.example.com");
        TestCertificates.WritePem(Site.IssueServer("*.example.com", ["*.example.com"]), Directory, "wildcard.example.com");
        Site.WriteCaPem(Directory, "ca");
        Partners.WriteCaPem(Directory, "partners-ca");
        Internal.WriteCaPem(Directory, "internal-ca");
    }

    public string Directory { get; }

    public TestCertificates Site { get; }

    public TestCertificates Partners { get; }

    public TestCertificates Internal { get; }

    /// <summary>The environment examples are loaded with: FULCRUM_CERTS and nothing else.</summary>
    public string? Environment(string name) => name == "FULCRUM_CERTS" ? Directory : null;

    public void Dispose()
    {
        Site.Dispose();
        Partners.Dispose();
        Internal.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
