using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>
/// Where a jwt policy finds the token, and how it removes it before forwarding: <c>Authorization: Bearer</c> by
/// default, or a header with the bare token, a cookie, or a query parameter.
/// </summary>
/// <remarks>
/// <c>Authorization</c> follows RFC 9110 §11.4 and RFC 6750 §2.1: the scheme compares without case
/// (<c>bearer</c> is <c>Bearer</c>), one or more spaces separate it from the token, and a token holds no spaces.
/// The header sent twice is ambiguous and refused with 400 (RFC 6750 §3.1, invalid_request).
/// </remarks>
internal sealed class TokenReader
{
    private const string BearerScheme = "Bearer";
    private readonly Kind _kind;
    private readonly string _name;

    private TokenReader(Kind kind, string name)
    {
        _kind = kind;
        _name = name;
    }

    private enum Kind
    {
        Bearer,
        Header,
        Cookie,
        Query,
    }

    public static TokenReader For(JwtPolicyConfig config) =>
        config.Header is { } header ? new TokenReader(Kind.Header, header)
        : config.Cookie is { } cookie ? new TokenReader(Kind.Cookie, cookie)
        : config.Query is { } query ? new TokenReader(Kind.Query, query)
        : new TokenReader(Kind.Bearer, HeaderNames.Authorization);

    /// <summary>What a client should send, for the 401 message.</summary>
    public string Expected => _kind switch
    {
        Kind.Bearer => "an Authorization: Bearer token",
        Kind.Header => $"a token in the {_name} header",
        Kind.Cookie => $"a token in the {_name} cookie",
        _ => $"a token in the {_name} query parameter",
    };

    /// <summary>The token, or why there is none usable (<see cref="TokenProblem.Missing"/>, <see cref="TokenProblem.Ambiguous"/>, <see cref="TokenProblem.Malformed"/>).</summary>
    public TokenProblem Read(HttpContext context, out string? token)
    {
        token = null;
        var request = context.Request;
        switch (_kind)
        {
            case Kind.Bearer:
                var authorization = request.Headers.Authorization;
                if (authorization.Count > 1)
                {
                    return TokenProblem.Ambiguous;
                }

                return authorization.Count == 0 ? TokenProblem.Missing : FromBearer(authorization[0], out token);
            case Kind.Header:
                var values = request.Headers[_name];
                if (values.Count > 1)
                {
                    return TokenProblem.Ambiguous;
                }

                token = values.Count == 1 ? values[0]?.Trim() : null;
                break;
            case Kind.Cookie:
                token = request.Cookies[_name];
                break;
            default:
                var query = request.QueryString.HasValue ? request.Query[_name] : default;
                if (query.Count > 1)
                {
                    return TokenProblem.Ambiguous;
                }

                token = query.Count == 1 ? query[0] : null;
                break;
        }

        return string.IsNullOrEmpty(token) ? TokenProblem.Missing : TokenProblem.None;
    }

    /// <summary>Removes the token from the request, so the destination never sees it.</summary>
    public void Remove(HttpContext context)
    {
        var request = context.Request;
        switch (_kind)
        {
            case Kind.Bearer:
            case Kind.Header:
                request.Headers.Remove(_name);
                break;
            case Kind.Cookie:
                RemoveCookie(request);
                break;
            default:
                request.QueryString = QueryParameters.Remove(request.QueryString, _name);
                break;
        }
    }

    private static TokenProblem FromBearer(string? value, out string? token)
    {
        token = null;
        var text = value.AsSpan().Trim(' ');
        var space = text.IndexOf(' ');
        if (space < 0 || !text[..space].Equals(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            // Another scheme (Basic, Digest …) or a bare scheme: no bearer token was given.
            return TokenProblem.Missing;
        }

        var rest = text[(space + 1)..].TrimStart(' ');
        if (rest.IsEmpty)
        {
            return TokenProblem.Missing;
        }

        if (rest.ContainsAny(' ', '\t', ','))
        {
            return TokenProblem.Malformed;
        }

        token = rest.ToString();
        return TokenProblem.None;
    }

    private void RemoveCookie(HttpRequest request)
    {
        var cookies = request.Headers.Cookie;
        if (cookies.Count == 0)
        {
            return;
        }

        var kept = new List<string>();
        foreach (var header in cookies)
        {
            foreach (var part in (header ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? part : part[..equals].Trim();
                if (!string.Equals(name, _name, StringComparison.Ordinal))
                {
                    kept.Add(part);
                }
            }
        }

        if (kept.Count == 0)
        {
            request.Headers.Remove(HeaderNames.Cookie);
        }
        else
        {
            request.Headers.Cookie = string.Join("; ", kept);
        }
    }
}
