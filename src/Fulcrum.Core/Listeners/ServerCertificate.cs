using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Listeners;

/// <summary>
/// A server certificate loaded from PEM files, ready to hand to a handshake: the leaf with its private key, the
/// intermediates from the same file sent along with it, and the DNS names from its SANs that SNI is matched against.
/// </summary>
internal sealed class ServerCertificate
{
    private ServerCertificate(X509Certificate2 leaf, SslStreamCertificateContext context, string[] dnsNames)
    {
        Leaf = leaf;
        Context = context;
        DnsNames = dnsNames;
    }

    public X509Certificate2 Leaf { get; }

    /// <summary>Built once per load, so a handshake never rebuilds the chain.</summary>
    public SslStreamCertificateContext Context { get; }

    /// <summary>SAN DNS names (<c>*.example.com</c> for wildcards); the subject's CN only when there is no SAN.</summary>
    public string[] DnsNames { get; }

    /// <summary>Loads and checks a pair; on failure returns null with a sentence saying what is wrong.</summary>
    public static ServerCertificate? TryLoad(string certFile, string keyFile, DateTimeOffset now, out string? error)
    {
        X509Certificate2 leaf;
        var intermediates = new X509Certificate2Collection();
        try
        {
            leaf = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            intermediates.ImportFromPemFile(certFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"cannot load the certificate {certFile} with key {keyFile}: {e.Message}";
            return null;
        }

        if (!leaf.HasPrivateKey)
        {
            error = $"{keyFile} holds no private key for {certFile}";
            return null;
        }

        if (leaf.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            error = $"the certificate {certFile} ({leaf.Subject}) expired on {leaf.NotAfter.ToUniversalTime():u}";
            return null;
        }

        // The file's first certificate is the leaf; the rest travel with it as the chain.
        intermediates.RemoveAt(0);
        var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
        error = null;
        return new ServerCertificate(leaf, context, DnsNamesOf(leaf));
    }

    private static string[] DnsNamesOf(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                return [.. san.EnumerateDnsNames()];
            }
        }

        var commonName = certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false);
        return string.IsNullOrEmpty(commonName) ? [] : [commonName];
    }
}
