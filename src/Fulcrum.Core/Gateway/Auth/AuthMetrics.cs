using System.Diagnostics.Metrics;

namespace Fulcrum.Gateway.Auth;

/// <summary>
/// The auth policies' instruments, on a meter named like the gateway's (<c>Fulcrum</c>) so that exporters publish
/// them beside the others (policies are compiled without the gateway's services). Tags are config names and a
/// fixed set of reasons, never a key, a token or a claim, so cardinality is bounded by the config. Recording costs
/// a branch when nobody listens.
/// </summary>
internal static class AuthMetrics
{
    private static readonly Meter Meter = new("Fulcrum");

    private static readonly Counter<long> Rejections = Meter.CreateCounter<long>(
        "fulcrum.auth.rejections", "{request}", "Requests refused by an apiKey or jwt policy, by policy, route and reason.");

    private static readonly Counter<long> KeyFetches = Meter.CreateCounter<long>(
        "fulcrum.auth.key_fetches", "{fetch}", "Fetches of a jwt policy's remote signing keys, by policy and result.");

    public static void RecordRejection(string policy, string? route, string reason)
    {
        if (Rejections.Enabled)
        {
            Rejections.Add(1, new("policy", policy), new("route", route ?? ""), new("reason", reason));
        }
    }

    public static void RecordKeyFetch(string policy, bool succeeded) =>
        KeyFetches.Add(1, new("policy", policy), new("result", succeeded ? "success" : "failure"));
}
