using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Tests.Common;

/// <summary>
/// A test certificate authority made at run time (ECDSA P-256, fast to generate): issues server and client
/// certificates with the SANs a test asks for and writes them as PEM files. No private key is ever committed.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey;

    private TestCertificates(string name, X509Certificate2 ca, ECDsa caKey)
    {
        Name = name;
        Ca = ca;
        _caKey = caKey;
    }

    public string Name { get; }

    /// <summary>The CA certificate (with its key), valid from a day ago for a year.</summary>
    public X509Certificate2 Ca { get; }

    public static TestCertificates CreateAuthority(string name = "Fulcrum Test CA")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var ca = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(1));
        return new TestCertificates(name, ca, key);
    }

    /// <summary>
    /// A server certificate for <paramref name="dnsNames"/> (and 127.0.0.1 and ::1 as IP SANs), signed by this CA.
    /// <paramref name="notAfter"/> in the past makes an expired one.
    /// </summary>
    public X509Certificate2 IssueServer(string subject, string[] dnsNames, DateTimeOffset? notAfter = null, bool loopbackIps = true) =>
        Issue(subject, dnsNames, serverAuth: true, notAfter, loopbackIps);

    /// <summary>A client certificate (clientAuth), for mutual TLS.</summary>
    public X509Certificate2 IssueClient(string subject) => Issue(subject, [], serverAuth: false, null, loopbackIps: false);

    private X509Certificate2 Issue(string subject, string[] dnsNames, bool serverAuth, DateTimeOffset? notAfter, bool loopbackIps)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            if (loopbackIps)
            {
                san.AddIpAddress(IPAddress.Loopback);
                san.AddIpAddress(IPAddress.IPv6Loopback);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var end = notAfter ?? now.AddDays(30);
        var start = end < now ? end.AddDays(-10) : now.AddDays(-1);
        using var issued = request.Create(Ca, start, end, RandomNumberGenerator.GetBytes(12));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>Writes <c>NAME.crt</c> and <c>NAME.key</c> (PKCS#8) into <paramref name="directory"/>.</summary>
    public static (string CertFile, string KeyFile) WritePem(X509Certificate2 certificate, string directory, string name)
    {
        var certFile = Path.Combine(directory, name + ".crt");
        var keyFile = Path.Combine(directory, name + ".key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem() + "\n");
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certFile, keyFile);
    }

    /// <summary>Writes the CA certificate (no key) as <c>NAME.crt</c>, the bundle a client or the gateway trusts.</summary>
    public string WriteCaPem(string directory, string name = "ca")
    {
        var file = Path.Combine(directory, name + ".crt");
        File.WriteAllText(file, Ca.ExportCertificatePem() + "\n");
        return file;
    }

    /// <summary>True when <paramref name="certificate"/> chains to this CA alone (the system store is not used).</summary>
    public bool Trusts(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }

    /// <summary>A client handler that trusts this CA (and names are still checked), for HttpClient and gRPC.</summary>
    public SocketsHttpHandler TrustingHandler(X509Certificate2? clientCertificate = null)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && Trusts(certificate);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return handler;
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }
}
