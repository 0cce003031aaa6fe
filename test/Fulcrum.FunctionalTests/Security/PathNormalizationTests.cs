using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;
using Xunit.Abstractions;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// Path tricks against a route policy: <c>/admin</c> needs an API key, everything else is open. Each target, sent
/// without a key, must be refused by the gateway or reach the backend on a path that no backend reads as
/// <c>/admin</c> — judged leniently: percent-decoded (but for <c>%2F</c>, which Kestrel and most servers keep
/// encoded), backslashes read as slashes (as IIS does), dot segments resolved, slashes merged and case folded. The table of input → answer → path seen at the
/// spy is printed.
/// </summary>
public sealed class PathNormalizationTests(ITestOutputHelper output)
{
    private static readonly string[] Targets =
    [
        "/admin/x", "/ADMIN/x", "/Admin/x", "/public/../admin/x", "/public/%2e%2e/admin/x", "/public/%2E%2E/admin/x",
        "/public/.%2e/admin/x", "/public/..%2fadmin/x", "/public%2f..%2fadmin/x", "//admin/x", "///admin//x", "/./admin/x",
        "/admin;x=1/x", "/admin%00/x", "/admin%5cx", "/admin%23/x", "/%61dmin/x", "/%41DMIN/x", "/admin%252fx", "/admin%2fx",
        "/admin/%2e%2e/public", "/admin/./x", "/public/..", "/admin", "/admin?x=1", "/%2fadmin/x", "/.%2fadmin/x",
        "http://a/admin/x", "http://a//admin/x",
    ];

    [Fact]
    public async Task Get_PathTricksWithoutKey_NeverReachAdminOnBackend()
    {
        await using var spy = await SpyBackend.StartAsync();
        await using var gateway = await TestGateway.StartAsync(SpyGateway.Config(spy));
        var bypasses = new List<string>();
        output.WriteLine($"{"input",-28} {"answer",-6} spy path");
        foreach (var target in Targets)
        {
            spy.ResetCounters();
            var exchange = await SpyGateway.ExchangeAsync(gateway, $"GET {target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            var seen = spy.Requests.SingleOrDefault()?.Target;
            output.WriteLine($"{target,-28} {string.Join(",", exchange.Statuses),-6} {seen ?? "-"}");
            if (seen is not null && ReadsAsAdmin(seen))
            {
                bypasses.Add($"{target} → {seen}");
            }

            if (exchange.Statuses.Count != 1 || exchange.Statuses[0] >= 500)
            {
                bypasses.Add($"{target}: answered {exchange}");
            }
        }

        // With the key, the route works: the policy is what refused the others.
        spy.ResetCounters();
        var keyed = await SpyGateway.ExchangeAsync(gateway, $"GET /admin/x HTTP/1.1\r\nHost: a\r\nX-Api-Key: {SpyGateway.Key}\r\nConnection: close\r\n\r\n");
        Assert.Equal([200], keyed.Statuses);
        Assert.Equal("/admin/x", spy.Requests.Single().Target);

        output.WriteLine($"S5 path normalisation: bypasses {bypasses.Count} of {Targets.Length}");
        Assert.True(bypasses.Count == 0, string.Join("\n", bypasses));
    }

    /// <summary>The most lenient reading a backend might give the target it received.</summary>
    private static bool ReadsAsAdmin(string target)
    {
        var path = target.Split('?')[0];
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            path = "/" + string.Join('/', path.Split('/').Skip(3));
        }

        var decoded = Decode(path).Replace('\\', '/');
        var segments = new List<string>();
        foreach (var segment in decoded.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        return segments.Count > 0 && segments[0].Equals("admin", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Percent-decoding of everything but <c>%2F</c>, repeated while it changes (double encoding).</summary>
    private static string Decode(string path)
    {
        while (true)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < path.Length; i++)
            {
                if (path[i] == '%' && i + 2 < path.Length && Uri.IsHexDigit(path[i + 1]) && Uri.IsHexDigit(path[i + 2])
                    && !(path[i + 1] == '2' && (path[i + 2] is 'f' or 'F')))
                {
                    builder.Append((char)Convert.ToInt32(path.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    builder.Append(path[i]);
                }
            }

            var next = builder.ToString();
            if (next == path)
            {
                return next;
            }

            path = next;
        }
    }
}
