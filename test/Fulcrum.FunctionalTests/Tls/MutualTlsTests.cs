using System.Net;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary>
/// <c>tls.clientCertificate</c>: a client certificate from the configured CA is let in; no certificate, or one from
/// another CA, is refused; with <c>required: false</c> a client without one is let in but a wrong one still is not.
/// </summary>
public sealed class MutualTlsTests
{
    private static string Config((string CertFile, string KeyFile) site, string caFile, bool required, string backend) => Yaml.Https(
        $"{{ certificates: {TlsFiles.CertificatesYaml(site)}, clientCertificate: {{ caFile: \"{caFile}\", required: {(required ? "true" : "false")} }} }}", backend);

    private static async Task<HttpStatusCode> GetAsync(TlsFiles tls, TestGateway gateway, System.Security.Cryptography.X509Certificates.X509Certificate2? clientCertificate)
    {
        using var client = new HttpClient(tls.Authority.TrustingHandler(clientCertificate)) { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await client.GetAsync($"https://localhost:{gateway.EndPoint().Port}/mtls");
        return response.StatusCode;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Get_ClientCertificate_ClientsOfTheCaLetInOthersRefused(bool required)
    {
        using var tls = new TlsFiles();
        using var clients = TestCertificates.CreateAuthority("Client CA");
        using var strangers = TestCertificates.CreateAuthority("Stranger CA");
        var site = tls.Server("site", "localhost");
        var clientCa = clients.WriteCaPem(tls.Directory, "client-ca");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Config(site, clientCa, required, backend.Address));

        Assert.Equal(HttpStatusCode.OK, await GetAsync(tls, gateway, clients.IssueClient("alice")));
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(tls, gateway, strangers.IssueClient("mallory")));
        if (required)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(tls, gateway, null));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, await GetAsync(tls, gateway, null));
        }

        Assert.Equal(required ? 1 : 2, backend.Requests);
    }
}
