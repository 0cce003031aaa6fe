using Fulcrum.Gateway.Auth;
using Fulcrum.Listeners;

namespace Fulcrum.Configuration.Validation;

/// <summary>
/// Checks a listener's <c>tls</c> section, loading every certificate and CA file so a missing file, a key that
/// does not match, an expired certificate or a file with no PEM in it is refused at load (and kept-old on reload)
/// with the key that names it.
/// </summary>
internal static class ListenerTlsRules
{
    public static void Validate(string path, ListenerConfig listener, ConfigErrors errors)
    {
        if (listener.Tls is not { } tls)
        {
            if (listener.Protocol == "https")
            {
                errors.Add($"{path}.tls", "an https listener needs tls.certificates, such as [{ certFile: certs/site.crt, keyFile: certs/site.key }]");
            }

            return;
        }

        var tlsPath = $"{path}.tls";
        if (listener.Protocol == "tcp")
        {
            // Passthrough has no certificates (see L4Rules); a terminating tcp listener's tls is checked like https's.
            if (tls.Mode != "terminate")
            {
                return;
            }
        }
        else if (listener.Protocol != "https")
        {
            errors.Add(tlsPath, $"tls applies to https and tcp listeners, not {listener.Protocol}");
            return;
        }

        ConfigValidator.OneOf(errors, $"{tlsPath}.minVersion", tls.MinVersion, ListenerTls.MinVersions);
        var baseDirectory = AuthRules.BaseDirectory(errors);
        if (tls.Certificates.Count == 0)
        {
            errors.Add($"{tlsPath}.certificates", "at least one certificate is required: [{ certFile: ..., keyFile: ... }]");
        }

        for (var i = 0; i < tls.Certificates.Count; i++)
        {
            var certificate = tls.Certificates[i];
            var certificatePath = $"{tlsPath}.certificates[{i}]";
            if (certificate.CertFile.Length == 0)
            {
                errors.Add($"{certificatePath}.certFile", "a PEM certificate file is required");
            }

            if (certificate.KeyFile.Length == 0)
            {
                errors.Add($"{certificatePath}.keyFile", "a PEM private key file is required");
            }

            if (certificate.CertFile.Length > 0 && certificate.KeyFile.Length > 0)
            {
                var (certFile, keyFile) = CertificateStore.Resolve([certificate], baseDirectory)[0];
                if (ServerCertificate.TryLoad(certFile, keyFile, TimeProvider.System.GetUtcNow(), out var error) is null)
                {
                    errors.Add($"{certificatePath}.certFile", error!);
                }
            }
        }

        if (tls.ClientCertificate is { } client)
        {
            CaFile(errors, $"{tlsPath}.clientCertificate.caFile", client.CaFile, baseDirectory);
        }
    }

    /// <summary>A CA bundle file that must exist and hold at least one PEM certificate.</summary>
    public static void CaFile(ConfigErrors errors, string path, string file, string baseDirectory)
    {
        if (file.Length == 0)
        {
            errors.Add(path, "a PEM CA bundle file is required");
        }
        else if (CaBundle.TryLoad(Path.GetFullPath(Path.Combine(baseDirectory, file)), out var error) is null)
        {
            errors.Add(path, error!);
        }
    }
}
