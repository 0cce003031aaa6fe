namespace Fulcrum.Configuration.Validation;

/// <summary>Header names and values as RFC 9110 allows them, for every place config names a header.</summary>
internal static class HeaderRules
{
    public static void Name(ConfigErrors errors, string path, string name)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
        {
            errors.Add(path, $"'{name}' is not a valid header name");
        }
    }

    /// <summary>
    /// Headers that frame the request or belong to one connection: the gateway writes them itself from what it
    /// forwards, so a route that set one could give the backend a head that disagrees with its body (request
    /// smuggling) or a second Content-Length. Neither upstream path forwards the client's copies either.
    /// </summary>
    private static readonly string[] GatewayOwned =
        ["Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer", "Proxy-Connection", "Expect"];

    /// <summary>A request header a route may set or remove: a valid name that is not one the gateway owns.</summary>
    public static void RequestName(ConfigErrors errors, string path, string name)
    {
        Name(errors, path, name);
        if (GatewayOwned.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(path, $"'{name}' frames the request or belongs to one connection; the gateway sets it from what it forwards");
        }
    }

    public static void Value(ConfigErrors errors, string path, string value)
    {
        if (value.Contains('\r') || value.Contains('\n') || value.Contains('\0'))
        {
            errors.Add(path, "a header value cannot contain CR, LF or NUL");
        }
    }
}
