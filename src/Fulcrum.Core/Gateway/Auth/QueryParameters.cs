using System.Text;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Gateway.Auth;

/// <summary>Removes a credential carried in the query string before the request is forwarded.</summary>
internal static class QueryParameters
{
    /// <summary>
    /// <paramref name="query"/> without every occurrence of <paramref name="name"/> (compared after form-decoding, as
    /// <see cref="HttpRequest.Query"/> reads it); the other parameters keep their raw text and order.
    /// </summary>
    public static QueryString Remove(QueryString query, string name)
    {
        var raw = query.Value;
        if (string.IsNullOrEmpty(raw) || raw == "?")
        {
            return query;
        }

        var kept = new StringBuilder(raw.Length);
        var removed = false;
        foreach (var range in raw.AsSpan(1).Split('&'))
        {
            var pair = raw.AsSpan(1)[range];
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (Decode(key) == name)
            {
                removed = true;
                continue;
            }

            if (pair.IsEmpty)
            {
                continue;
            }

            kept.Append(kept.Length == 0 ? '?' : '&').Append(pair);
        }

        return !removed ? query : kept.Length == 0 ? QueryString.Empty : new QueryString(kept.ToString());
    }

    private static string Decode(ReadOnlySpan<char> text)
    {
        var plus = text.Contains('+') ? text.ToString().Replace('+', ' ') : text.ToString();
        try
        {
            return Uri.UnescapeDataString(plus);
        }
        catch (UriFormatException)
        {
            return plus;
        }
    }
}
