using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Security;

/// <summary>
/// The gateway the attack tests share: one listener in front of a <see cref="SpyBackend"/>, a protected route
/// <c>/admin</c> (an API key, case-insensitive so that <c>/ADMIN</c> is guarded too) and a permissive catch-all, so
/// that any trick which moves an admin request onto the catch-all shows up as <c>/admin</c> at the spy.
/// </summary>
internal static class SpyGateway
{
    public const string Key = "spy-gateway-key-9f8e7d6c5b4a";

    public static string Config(SpyBackend spy, string listenerSettings = "", string extraRoutes = "", string extraClusters = "") => $$"""
        listeners:
          web: { protocol: http, address: 127.0.0.1:0{{(listenerSettings.Length == 0 ? "" : ", " + listenerSettings)}} }
        routes:
          admin: { match: { pathPrefix: /admin, ignoreCase: true }, policies: [keys], cluster: spy }
          public: { match: { pathPrefix: / }, cluster: spy }
        {{Yaml.Indent(extraRoutes, 2)}}
        clusters:
          spy: { destinations: {{Yaml.Destinations(spy)}} }
        {{Yaml.Indent(extraClusters, 2)}}
        policies:
          keys: { type: apiKey, keys: [{ id: alice, sha256: "{{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))}}" }], upstreamHeader: X-Consumer-Id }
        """;

    public static IPEndPoint EndPoint(TestGateway gateway) => gateway.Runtime.Listeners["web"].Server!.BoundEndPoint;

    /// <summary>
    /// Writes <paramref name="bytes"/> on one connection and reads every answer until the gateway closes it (or
    /// <paramref name="deadline"/>): the status of each response in order, and whether the gateway closed.
    /// </summary>
    public static async Task<Exchange> ExchangeAsync(TestGateway gateway, string bytes, TimeSpan? deadline = null)
    {
        await using var connection = await RawConnection.OpenAsync(EndPoint(gateway), deadline: deadline ?? TimeSpan.FromSeconds(5));
        await connection.TryWriteAsync(bytes);
        var statuses = new List<int>();
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var head = await connection.ReadHeadAsync();
                if (head.Status == 0)
                {
                    return new Exchange(statuses, true, text.ToString());
                }

                statuses.Add(head.Status);
                text.Append(head.Head).Append("\r\n\r\n");
                if (head.Status is 100 or 101)
                {
                    continue;
                }

                var response = await connection.ReadBodyAsync(head);
                text.Append(response.BodyText);
                if (head.Header("Content-Length") is null && head.Header("Transfer-Encoding") is null)
                {
                    // Delimited by the close, which has happened.
                    return new Exchange(statuses, true, text.ToString());
                }
            }
        }
        catch (OperationCanceledException)
        {
            return new Exchange(statuses, false, text.ToString());
        }
    }
}

/// <summary>What a client saw on one connection: the statuses in order, and whether the gateway closed it.</summary>
internal sealed record Exchange(IReadOnlyList<int> Statuses, bool Closed, string Text)
{
    public override string ToString() => $"[{string.Join(",", Statuses)}]{(Closed ? " closed" : " open")}";
}
