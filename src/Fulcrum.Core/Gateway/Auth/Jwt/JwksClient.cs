using System.Net;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// Fetches a JSON Web Key Set, directly or through OpenID Connect discovery, with its own HTTP client: a timeout
/// on the whole fetch, a cap on the body, and redirects followed only within the same origin (a key URL that
/// redirects to another host is refused, so a compromised or misconfigured issuer cannot point the gateway at an
/// arbitrary server).
/// </summary>
internal sealed class JwksClient : IDisposable
{
    public const int MaxDocumentBytes = 1024 * 1024;
    private const int MaxRedirects = 3;
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly bool _requireHttps;

    public JwksClient(TimeSpan timeout, bool requireHttps)
    {
        _timeout = timeout;
        _requireHttps = requireHttps;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = MaxDocumentBytes,
        };
        _http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Fulcrum");
    }

    /// <summary>The key set at <paramref name="jwksUrl"/> (JSON text).</summary>
    public async Task<JsonWebKeySet> FetchKeySetAsync(Uri jwksUrl, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        return ParseKeySet(await GetAsync(jwksUrl, timeout.Token));
    }

    /// <summary>The issuer and key set named by <paramref name="authority"/>'s discovery document.</summary>
    public async Task<(string Issuer, JsonWebKeySet Keys, Uri JwksUrl)> DiscoverAsync(Uri authority, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var document = OpenIdConnectConfiguration.Create(await GetAsync(DiscoveryUrl(authority), timeout.Token));

        // OpenID Connect Discovery §4.3: the issuer in the document must be the URL it was fetched under.
        if (string.IsNullOrEmpty(document.Issuer) || document.Issuer.TrimEnd('/') != authority.OriginalString.TrimEnd('/'))
        {
            throw new JwksFetchException($"the discovery document names issuer '{document.Issuer}', not the authority");
        }

        if (!Uri.TryCreate(document.JwksUri, UriKind.Absolute, out var jwksUrl) || UrlProblem(jwksUrl, _requireHttps) is { } problem)
        {
            throw new JwksFetchException($"the discovery document's jwks_uri '{document.JwksUri}' is not usable");
        }

        return (document.Issuer, ParseKeySet(await GetAsync(jwksUrl, timeout.Token)), jwksUrl);
    }

    public static Uri DiscoveryUrl(Uri authority) => new(authority.OriginalString.TrimEnd('/') + "/.well-known/openid-configuration");

    /// <summary>Why a key URL is not acceptable, or null: http(s) only, and https unless loopback or allowed.</summary>
    public static string? UrlProblem(Uri url, bool requireHttps)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return "must be an http:// or https:// URL";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "must not carry credentials";
        }

        return requireHttps && url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback
            ? "must be https:// (http:// is accepted for loopback addresses, or with requireHttps: false)"
            : null;
    }

    private async Task<string> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        var current = url;
        for (var hop = 0; ; hop++)
        {
            using var response = await _http.GetAsync(current, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (hop >= MaxRedirects)
                {
                    throw new JwksFetchException($"more than {MaxRedirects} redirects from {url}");
                }

                // Same origin only: scheme, host and port all unchanged.
                if (Uri.Compare(next, current, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    throw new JwksFetchException($"{current} redirects to another origin ({next.GetLeftPart(UriPartial.Authority)}); not followed");
                }

                current = next;
                continue;
            }

            if (status != 200)
            {
                throw new JwksFetchException($"{current} answered {status}");
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
    }

    private static JsonWebKeySet ParseKeySet(string json)
    {
        try
        {
            return new JsonWebKeySet(json);
        }
        catch (ArgumentException e)
        {
            throw new JwksFetchException($"the key set is not valid JSON Web Key Set: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();
}
