using Fulcrum.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Fulcrum.Gateway.Cors;

/// <summary>
/// Cross-origin resource sharing, answered at the gateway:
/// <list type="bullet">
/// <item>a preflight (<c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>) is never
/// forwarded: 204 with the grant when origin, method and every requested header are allowed, else 403 without
/// any CORS header;</item>
/// <item>an actual request from an allowed origin gets <c>Access-Control-Allow-Origin</c> (and credentials and
/// exposed headers as configured) plus <c>Vary: Origin</c>; whatever CORS headers the destination sent are
/// replaced, and removed for an origin that is not allowed, so only this policy grants access;</item>
/// <item>a request without <c>Origin</c> is not touched.</item>
/// </list>
/// The grant is also set before forwarding, so an answer a later policy writes itself (401, 429) is readable by
/// the page. Values written are the request's own strings or constants built here: no allocation on any path
/// except the 403. Put it before authentication on a route: preflights carry no credentials.
/// </summary>
internal sealed class CorsPolicy : IRequestPolicy
{
    private static readonly ValueTask<bool> Continue = ValueTask.FromResult(true);
    private static readonly ValueTask<bool> Answered = ValueTask.FromResult(false);
    private static readonly byte[] PreflightRefused = Encode(new { error = "CORS preflight refused", status = 403 });

    private readonly string _name;
    private readonly OriginMatcher _origins;
    private readonly string[]? _methods;
    private readonly RequestedHeaders _headers;
    private readonly string? _exposeHeaders;
    private readonly bool _credentials;
    private readonly string? _maxAge;
    private readonly ILogger _logger;

    public CorsPolicy(
        string name, OriginMatcher origins, string[]? methods, RequestedHeaders headers, string? exposeHeaders, bool credentials, string? maxAge,
        ILoggerFactory loggerFactory)
    {
        _name = name;
        _origins = origins;
        _methods = methods;
        _headers = headers;
        _exposeHeaders = exposeHeaders;
        _credentials = credentials;
        _maxAge = maxAge;
        _logger = loggerFactory.CreateLogger<CorsPolicy>();
    }

    public ValueTask<bool> ApplyAsync(HttpContext context, ProxyRequestFeature request)
    {
        var headers = context.Request.Headers;
        var origin = headers.Origin;
        if (origin.Count == 0)
        {
            return Continue;
        }

        if (HttpMethods.IsOptions(context.Request.Method) && headers.AccessControlRequestMethod.Count > 0)
        {
            return Preflight(context, origin, headers.AccessControlRequestMethod, headers.AccessControlRequestHeaders);
        }

        if (Allowed(origin) is { } allowed)
        {
            Grant(context.Response.Headers, allowed);
        }

        return Continue;
    }

    /// <summary>The destination's CORS headers are replaced by this policy's decision, for CORS requests only.</summary>
    public void ApplyResponse(HttpContext context, ProxyRequestFeature request)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return;
        }

        var headers = context.Response.Headers;
        headers.Remove(HeaderNames.AccessControlAllowOrigin);
        headers.Remove(HeaderNames.AccessControlAllowCredentials);
        headers.Remove(HeaderNames.AccessControlExposeHeaders);
        headers.Remove(HeaderNames.AccessControlAllowMethods);
        headers.Remove(HeaderNames.AccessControlAllowHeaders);
        headers.Remove(HeaderNames.AccessControlMaxAge);
        if (Allowed(origin) is { } allowed)
        {
            Grant(headers, allowed);
        }
    }

    private ValueTask<bool> Preflight(HttpContext context, StringValues origin, StringValues method, StringValues requestedHeaders)
    {
        var allowed = Allowed(origin);
        var reason = allowed is null ? "origin not allowed"
            : method.Count != 1 || !MethodAllowed(method.ToString()) ? "method not allowed"
            : !_headers.AllAllowed(requestedHeaders) ? "header not allowed"
            : null;
        if (reason is not null)
        {
            CorsLog.PreflightRefused(_logger, _name, origin.ToString(), method.ToString(), reason);
            return RefuseAsync(context);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status204NoContent;
        var headers = response.Headers;
        headers.AccessControlAllowOrigin = _origins.AllowsAny && !_credentials ? "*" : allowed;
        if (_credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        // Echoed rather than listed: exact for a method such as "patch" that browsers compare case-sensitively,
        // and correct with credentials, where a literal "*" would not be a wildcard.
        headers.AccessControlAllowMethods = method;
        if (requestedHeaders.Count > 0)
        {
            headers.AccessControlAllowHeaders = requestedHeaders;
        }

        if (_maxAge is not null)
        {
            headers.AccessControlMaxAge = _maxAge;
        }

        AddVaryOrigin(headers);
        return Answered;
    }

    /// <summary>The origin to grant (the request's own string), or null: absent, repeated or not allowed.</summary>
    private string? Allowed(StringValues origin) =>
        origin.Count == 1 && origin[0] is { Length: > 0 } value && _origins.Matches(value) ? value : null;

    private bool MethodAllowed(string method)
    {
        if (_methods is null)
        {
            return true;
        }

        foreach (var allowed in _methods)
        {
            if (string.Equals(allowed, method, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private void Grant(IHeaderDictionary headers, string origin)
    {
        headers.AccessControlAllowOrigin = _origins.AllowsAny && !_credentials ? "*" : origin;
        if (_credentials)
        {
            headers.AccessControlAllowCredentials = "true";
        }

        if (_exposeHeaders is not null)
        {
            headers.AccessControlExposeHeaders = _exposeHeaders;
        }

        AddVaryOrigin(headers);
    }

    /// <summary>Caches must key on Origin: the answer depends on it. Other Vary values are kept.</summary>
    private static void AddVaryOrigin(IHeaderDictionary headers)
    {
        var vary = headers.Vary;
        if (vary.Count == 0)
        {
            headers.Vary = HeaderNames.Origin;
            return;
        }

        foreach (var line in vary)
        {
            var text = (line ?? "").AsSpan();
            foreach (var token in text.Split(','))
            {
                var name = text[token].Trim(" \t");
                if (name.Equals(HeaderNames.Origin, StringComparison.OrdinalIgnoreCase) || name.SequenceEqual("*"))
                {
                    return;
                }
            }
        }

        headers.Vary = StringValues.Concat(vary, HeaderNames.Origin);
    }

    private static async ValueTask<bool> RefuseAsync(HttpContext context)
    {
        await GatewayResponses.WriteAsync(context, StatusCodes.Status403Forbidden, PreflightRefused);
        return false;
    }

    private static byte[] Encode(object value) => System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(value) + "\n");
}
