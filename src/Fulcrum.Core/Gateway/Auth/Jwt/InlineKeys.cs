using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>Reads the inline keys of a jwt policy: a shared secret and PEM public keys.</summary>
internal static class InlineKeys
{
    /// <summary>RFC 7518 §3.2: a key of the same size as the hash output (256 bits for HS256) or larger.</summary>
    public const int MinSecretBytes = 32;

    public const int MinRsaBits = 2048;

    public const string Base64Prefix = "base64:";

    /// <summary>The secret's bytes: UTF-8 of the text, or the decoded rest after <c>base64:</c>.</summary>
    public static bool TryDecodeSecret(string secret, out byte[] bytes, out string? error)
    {
        bytes = [];
        if (secret.StartsWith(Base64Prefix, StringComparison.Ordinal))
        {
            try
            {
                bytes = Convert.FromBase64String(secret[Base64Prefix.Length..]);
            }
            catch (FormatException)
            {
                error = "the text after 'base64:' is not valid base64";
                return false;
            }
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(secret);
        }

        error = bytes.Length < MinSecretBytes
            ? $"the secret is {bytes.Length} bytes; HS256 needs at least {MinSecretBytes} (RFC 7518 §3.2)"
            : null;
        return error is null;
    }

    /// <summary>An RSA (2048 bits or more) or EC (P-256, P-384, P-521) public key from PEM.</summary>
    public static bool TryParsePublicKey(string pem, out SecurityKey? key, out string? error)
    {
        key = null;
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "not PEM: expected -----BEGIN PUBLIC KEY----- (or RSA PUBLIC KEY, or CERTIFICATE)";
            return false;
        }

        var label = pem[fields.Label];
        if (label.Contains("PRIVATE", StringComparison.Ordinal))
        {
            error = "this is a private key: give the public key only (openssl pkey -pubout)";
            return false;
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(pem[fields.Base64Data]);
        }
        catch (FormatException)
        {
            error = "the PEM body is not valid base64";
            return false;
        }

        try
        {
            key = label switch
            {
                "PUBLIC KEY" => FromSubjectPublicKeyInfo(data),
                "RSA PUBLIC KEY" => FromRsa(RsaFromPkcs1(data)),
                "CERTIFICATE" => FromCertificate(data),
                _ => throw new CryptographicException($"unsupported PEM label '{label}'"),
            };
        }
        catch (CryptographicException e)
        {
            error = $"cannot read the key: {e.Message}";
            return false;
        }

        error = key switch
        {
            RsaSecurityKey rsa when rsa.Rsa.KeySize < MinRsaBits => $"the RSA key is {rsa.Rsa.KeySize} bits; at least {MinRsaBits} are needed",
            ECDsaSecurityKey ec when ec.ECDsa.KeySize is not (256 or 384 or 521) => "the EC key must be on P-256, P-384 or P-521",
            _ => null,
        };
        return error is null;
    }

    private static SecurityKey FromSubjectPublicKeyInfo(byte[] data)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(data, out _);
            return FromRsa(rsa);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportSubjectPublicKeyInfo(data, out _);
            return new ECDsaSecurityKey(ec);
        }
        catch (CryptographicException)
        {
            ec.Dispose();
            throw new CryptographicException("neither an RSA nor an EC public key");
        }
    }

    private static RSA RsaFromPkcs1(byte[] data)
    {
        var rsa = RSA.Create();
        rsa.ImportRSAPublicKey(data, out _);
        return rsa;
    }

    private static SecurityKey FromCertificate(byte[] data)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(data);
        if (certificate.GetRSAPublicKey() is { } rsa)
        {
            return FromRsa(rsa);
        }

        return certificate.GetECDsaPublicKey() is { } ec
            ? new ECDsaSecurityKey(ec)
            : throw new CryptographicException("the certificate's key is neither RSA nor EC");
    }

    private static RsaSecurityKey FromRsa(RSA rsa) => new(rsa);
}
