using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Fulcrum.Gateway.Auth.Jwt;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Tests.Gateway.Auth.Jwt;

public class InlineKeysTests
{
    [Fact]
    public void TryDecodeSecret_TextAndBase64()
    {
        Assert.True(InlineKeys.TryDecodeSecret(new string('s', 32), out var text, out _));
        Assert.Equal(32, text.Length);
        Assert.True(InlineKeys.TryDecodeSecret("base64:" + Convert.ToBase64String(new byte[48]), out var decoded, out _));
        Assert.Equal(48, decoded.Length);
        Assert.False(InlineKeys.TryDecodeSecret(new string('s', 31), out _, out var error));
        Assert.Equal("the secret is 31 bytes; HS256 needs at least 32 (RFC 7518 §3.2)", error);
    }

    [Fact]
    public void TryParsePublicKey_RsaEcPkcs1AndCertificate()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest("CN=issuer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.True(InlineKeys.TryParsePublicKey(rsa.ExportSubjectPublicKeyInfoPem(), out var spki, out _));
        Assert.IsType<RsaSecurityKey>(spki);
        Assert.True(InlineKeys.TryParsePublicKey(rsa.ExportRSAPublicKeyPem(), out var pkcs1, out _));
        Assert.IsType<RsaSecurityKey>(pkcs1);
        Assert.True(InlineKeys.TryParsePublicKey(ec.ExportSubjectPublicKeyInfoPem(), out var ecKey, out _));
        Assert.IsType<ECDsaSecurityKey>(ecKey);
        Assert.True(InlineKeys.TryParsePublicKey(certificate.ExportCertificatePem(), out var fromCertificate, out _));
        Assert.IsType<RsaSecurityKey>(fromCertificate);
    }

    [Theory]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "cannot read the key:")]
    [InlineData("-----BEGIN SOMETHING-----\nAAAA\n-----END SOMETHING-----", "cannot read the key: unsupported PEM label 'SOMETHING'")]
    [InlineData("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A", "not PEM")]
    public void TryParsePublicKey_Garbage_ReportedNotThrown(string pem, string expected)
    {
        Assert.False(InlineKeys.TryParsePublicKey(pem, out _, out var error));
        Assert.StartsWith(expected, error);
    }
}
