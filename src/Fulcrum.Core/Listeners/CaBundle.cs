using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Listeners;

/// <summary>A PEM file of CA certificates trusted on their own, instead of the system store.</summary>
internal static class CaBundle
{
    public static X509Certificate2Collection? TryLoad(string file, out string? error)
    {
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            error = $"cannot load the CA bundle {file}: {e.Message}";
            return null;
        }

        if (bundle.Count == 0)
        {
            error = $"{file} holds no PEM certificate";
            return null;
        }

        error = null;
        return bundle;
    }

    /// <summary>A chain policy that trusts exactly <paramref name="roots"/>; revocation is not checked (no network).</summary>
    public static X509ChainPolicy TrustOnly(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
