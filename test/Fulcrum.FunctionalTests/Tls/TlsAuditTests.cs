using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Tls;

/// <summary>
/// TLS listener audit (S17), the quick part with <c>openssl s_client</c> and <c>sslscan</c> (about a second each; the
/// <c>testssl.sh</c> run takes minutes and lives in bench/soak): with
/// <c>minVersion: "1.2"</c> an https listener refuses TLS 1.0 and 1.1 with a protocol_version alert, refuses every weak cipher family (NULL, anonymous, export, DES/3DES, RC4,
/// MD5, PSK/SRP, CAMELLIA/SEED/IDEA) on TLS 1.2, negotiates AEAD suites with forward secrecy on TLS 1.2 and 1.3,
/// and refuses a client-initiated renegotiation by closing the connection; sslscan, which speaks SSLv2 and SSLv3
/// itself (Debian's OpenSSL 3 cannot), finds them disabled and no weak suite among those accepted.
/// </summary>
public sealed class TlsAuditTests(ITestOutputHelper output)
{
    private const string WeakCiphers = "aNULL:eNULL:EXPORT:LOW:DES:3DES:RC4:MD5:PSK:SRP:CAMELLIA:SEED:IDEA";

    [Fact]
    public async Task Handshake_OpensslAudit_NoOldProtocolsNoWeakCiphersNoRenegotiation()
    {
        using var tls = new TlsFiles();
        var site = tls.Server("site", "site.test");
        await using var backend = await TestBackend.StartAsync("b1");
        await using var gateway = await TestGateway.StartAsync(Yaml.Https($"{{ minVersion: \"1.2\", certificates: {TlsFiles.CertificatesYaml(site)} }}", backend.Address));
        var target = $"127.0.0.1:{gateway.EndPoint().Port}";
        var findings = new List<string>();

        foreach (var protocol in new[] { "-tls1", "-tls1_1" })
        {
            var (_, stdout, stderr) = await SClientAsync(target, protocol);
            var refused = !stdout.Contains("Cipher is ", StringComparison.Ordinal) || stdout.Contains("Cipher is (NONE)", StringComparison.Ordinal);
            output.WriteLine($"S17 {protocol,-8} {(refused ? "refused" : "ACCEPTED")}: {FirstError(stderr + stdout)}");
            if (!refused)
            {
                findings.Add($"{protocol} accepted");
            }
        }

        var weak = await SClientAsync(target, "-tls1_2", "-cipher", WeakCiphers);
        var weakRefused = weak.Stdout.Contains("Cipher is (NONE)", StringComparison.Ordinal) || !weak.Stdout.Contains("Cipher is ", StringComparison.Ordinal);
        output.WriteLine($"S17 weak ciphers on TLS 1.2 ({WeakCiphers}): {(weakRefused ? "refused" : "ACCEPTED")}: {FirstError(weak.Stderr + weak.Stdout)}");
        if (!weakRefused)
        {
            findings.Add($"a weak cipher was negotiated: {CipherOf(weak.Stdout)}");
        }

        foreach (var protocol in new[] { "-tls1_2", "-tls1_3" })
        {
            var (_, stdout, _) = await SClientAsync(target, protocol);
            var cipher = CipherOf(stdout);
            output.WriteLine($"S17 {protocol,-8} negotiated {cipher}");
            if (!(cipher.Contains("GCM", StringComparison.Ordinal) || cipher.Contains("CHACHA20", StringComparison.Ordinal))
                || (protocol == "-tls1_2" && !cipher.StartsWith("ECDHE", StringComparison.Ordinal)))
            {
                findings.Add($"{protocol} negotiated {cipher}, not an AEAD suite with forward secrecy");
            }
        }

        // "R" on its own line asks s_client to renegotiate (TLS 1.2 only); standard input stays open, so s_client
        // ends only if the server ends the connection.
        var renegotiation = await ExternalTool.RunAsync("openssl", "R\n", keepInputOpen: true, "s_client", "-connect", target, "-servername", "site.test", "-tls1_2");
        var all = renegotiation.Stdout + renegotiation.Stderr;
        var renegotiationRefused = all.Contains("RENEGOTIATING", StringComparison.Ordinal)
            && (all.Contains("unexpected eof", StringComparison.Ordinal) || all.Contains("alert", StringComparison.Ordinal));
        output.WriteLine($"S17 client-initiated renegotiation: {(renegotiationRefused ? "refused" : "NOT refused")}: {all.Split('\n').FirstOrDefault(l => l.Contains("eof", StringComparison.Ordinal) || l.Contains("alert", StringComparison.Ordinal))?.Trim()}");
        if (!renegotiationRefused)
        {
            findings.Add("client-initiated renegotiation was not refused");
        }

        // sslscan speaks SSLv2/SSLv3 itself, which s_client here cannot, and lists every suite the listener accepts.
        var (_, scan, _) = await ExternalTool.RunAsync("sslscan", "--no-colour", target);
        var lines = scan.Split('\n').Select(l => l.Trim()).ToList();
        foreach (var protocol in new[] { "SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1" })
        {
            if (!lines.Any(l => l.StartsWith(protocol, StringComparison.Ordinal) && l.EndsWith("disabled", StringComparison.Ordinal)))
            {
                findings.Add($"sslscan: {protocol} not disabled");
            }
        }

        var accepted = lines.Where(l => l.StartsWith("Accepted", StringComparison.Ordinal) || l.StartsWith("Preferred", StringComparison.Ordinal)).ToList();
        findings.AddRange(accepted.Where(l => WeakCiphers.Split(':').Any(w => l.Contains(w.TrimStart('a', 'e'), StringComparison.OrdinalIgnoreCase))).Select(l => $"sslscan: weak suite accepted: {l}"));
        if (!lines.Contains("Session renegotiation not supported"))
        {
            findings.Add("sslscan: renegotiation is supported");
        }

        output.WriteLine($"S17 sslscan: {string.Join(", ", lines.Where(l => l.EndsWith("disabled", StringComparison.Ordinal) || l.EndsWith("enabled", StringComparison.Ordinal)))}; "
            + $"{accepted.Count} suites accepted ({string.Join(", ", accepted.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]))}); {lines.FirstOrDefault(l => l.Contains("renegotiation", StringComparison.Ordinal) && !l.EndsWith(':'))}");
        output.WriteLine($"S17 TLS audit (openssl s_client, sslscan): findings {findings.Count}");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> SClientAsync(string target, params string[] options) =>
        ExternalTool.RunAsync("openssl", "", keepInputOpen: false, ["s_client", "-connect", target, "-servername", "site.test", .. options]);

    private static string CipherOf(string stdout) =>
        stdout.Split('\n').FirstOrDefault(l => l.Contains("Cipher is ", StringComparison.Ordinal))?.Split("Cipher is ")[1].Trim() ?? "(none)";

    private static string FirstError(string text) =>
        text.Split('\n').FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal) || l.Contains("alert", StringComparison.Ordinal))?.Trim() ?? "-";
}
