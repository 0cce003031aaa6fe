using Fulcrum.Tests.Common;

namespace Fulcrum.Tests.Configuration;

public sealed class ListenerTlsRulesTests : IDisposable
{
    private readonly TestCertificates _ca = TestCertificates.CreateAuthority();
    private readonly string _directory = Directory.CreateTempSubdirectory("fulcrum-tlsrules-").FullName;

    private static string WithListener(string listener) => $$"""
        listeners:
          web: {{listener}}
        routes: { r: { cluster: c } }
        clusters: { c: { destinations: { d: { address: http://127.0.0.1:5001 } } } }
        """;

    private (string CertFile, string KeyFile) Pair(string name, DateTimeOffset? notAfter = null) =>
        TestCertificates.WritePem(_ca.IssueServer(name, [name + ".test"], notAfter), _directory, name);

    [Fact]
    public void Validate_HttpsWithCertificate_Passes()
    {
        var (certFile, keyFile) = Pair("site");

        var config = TestConfigs.LoadValid(WithListener(
            $"{{ protocol: https, address: 127.0.0.1:8443, tls: {{ minVersion: \"1.3\", certificates: [{{ certFile: \"{certFile}\", keyFile: \"{keyFile}\" }}] }} }}"));

        var tls = config.Listeners["web"].Tls!;
        Assert.Equal("1.3", tls.MinVersion);
        Assert.Equal(certFile, Assert.Single(tls.Certificates).CertFile);
    }

    [Fact]
    public void Validate_HttpsWithoutTls_AsksForCertificates()
    {
        var error = TestConfigs.SingleError(WithListener("{ protocol: https, address: 127.0.0.1:8443 }"), "listeners.web.tls");

        Assert.Contains("certificates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TlsOnHttpListener_IsRefused()
    {
        var (certFile, keyFile) = Pair("site");

        var error = TestConfigs.SingleError(
            WithListener($"{{ protocol: http, address: 127.0.0.1:8080, tls: {{ certificates: [{{ certFile: \"{certFile}\", keyFile: \"{keyFile}\" }}] }} }}"),
            "listeners.web.tls");

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingCertificateFile_ReportsTheFileAtItsKey()
    {
        var missing = Path.Combine(_directory, "missing.crt");

        var error = TestConfigs.SingleError(
            WithListener($"{{ protocol: https, address: 127.0.0.1:8443, tls: {{ certificates: [{{ certFile: \"{missing}\", keyFile: \"{missing}\" }}] }} }}"),
            "listeners.web.tls.certificates[0].certFile");

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void Validate_ExpiredCertificate_IsRefused()
    {
        var (certFile, keyFile) = Pair("old", DateTimeOffset.UtcNow.AddDays(-2));

        var error = TestConfigs.SingleError(
            WithListener($"{{ protocol: https, address: 127.0.0.1:8443, tls: {{ certificates: [{{ certFile: \"{certFile}\", keyFile: \"{keyFile}\" }}] }} }}"),
            "listeners.web.tls.certificates[0].certFile");

        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownMinVersion_ListsAllowedVersions()
    {
        var (certFile, keyFile) = Pair("site");

        var error = TestConfigs.SingleError(
            WithListener($"{{ protocol: https, address: 127.0.0.1:8443, tls: {{ minVersion: \"1.1\", certificates: [{{ certFile: \"{certFile}\", keyFile: \"{keyFile}\" }}] }} }}"),
            "listeners.web.tls.minVersion");

        Assert.StartsWith("'1.1' is not one of 1.2, 1.3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCertificateCaFileWithoutPem_IsRefused()
    {
        var (certFile, keyFile) = Pair("site");
        var notPem = Path.Combine(_directory, "ca.txt");
        File.WriteAllText(notPem, "not a certificate\n");

        var error = TestConfigs.SingleError(
            WithListener($"{{ protocol: https, address: 127.0.0.1:8443, tls: {{ clientCertificate: {{ caFile: \"{notPem}\" }}, certificates: [{{ certFile: \"{certFile}\", keyFile: \"{keyFile}\" }}] }} }}"),
            "listeners.web.tls.clientCertificate.caFile");

        Assert.Contains("no PEM certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UpstreamCaFileAndInsecureTogether_IsRefused()
    {
        var caFile = _ca.WriteCaPem(_directory);

        var error = TestConfigs.SingleError($$"""
            listeners: { web: { address: 127.0.0.1:8080 } }
            routes: { r: { cluster: c } }
            clusters: { c: { http: { tls: { caFile: "{{caFile}}", insecureSkipVerify: true } }, destinations: { d: { address: https://127.0.0.1:5001 } } } }
            """, "clusters.c.http.tls.insecureSkipVerify");

        Assert.Contains("contradict", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
