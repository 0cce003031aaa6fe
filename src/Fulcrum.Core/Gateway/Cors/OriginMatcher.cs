using System.Globalization;

namespace Fulcrum.Gateway.Cors;

/// <summary>
/// Decides whether an <c>Origin</c> header is allowed: <c>*</c>, exact origins (a hash lookup), and patterns such
/// as <c>https://*.example.com</c> that stand for one or more labels in front of the domain — not the domain
/// itself, nor another port or scheme. Comparison ignores case, as host names do. Immutable, thread-safe, and
/// a match allocates nothing.
/// </summary>
internal sealed class OriginMatcher
{
    private readonly HashSet<string> _exact;
    private readonly (string Prefix, string Suffix)[] _patterns;

    private OriginMatcher(bool any, HashSet<string> exact, (string, string)[] patterns)
    {
        AllowsAny = any;
        _exact = exact;
        _patterns = patterns;
    }

    public bool AllowsAny { get; }

    /// <summary>Compiles validated entries (see <see cref="Check"/>).</summary>
    public static OriginMatcher Create(IReadOnlyList<string> origins)
    {
        var exact = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var patterns = new List<(string, string)>();
        var any = false;
        foreach (var origin in origins)
        {
            var star = origin.IndexOf('*', StringComparison.Ordinal);
            if (origin == "*")
            {
                any = true;
            }
            else if (star >= 0)
            {
                // "https://*.example.com" → prefix "https://", suffix ".example.com".
                patterns.Add((origin[..star], origin[(star + 1)..]));
            }
            else
            {
                exact.Add(origin);
            }
        }

        return new OriginMatcher(any, exact, [.. patterns]);
    }

    public bool Matches(string origin)
    {
        if (AllowsAny || _exact.Contains(origin))
        {
            return true;
        }

        foreach (var (prefix, suffix) in _patterns)
        {
            if (origin.Length > prefix.Length + suffix.Length
                && origin.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && IsLabels(origin.AsSpan(prefix.Length, origin.Length - prefix.Length - suffix.Length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What the <c>*</c> of a pattern may stand for: host labels, dot-separated, none empty.</summary>
    private static bool IsLabels(ReadOnlySpan<char> labels)
    {
        var previous = '.';
        foreach (var c in labels)
        {
            if (c == '.' ? previous == '.' : !(char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }

            previous = c;
        }

        return previous != '.';
    }

    /// <summary>RFC 3986: a letter, then letters, digits, '+', '-' or '.'.</summary>
    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when <paramref name="origin"/> is a valid entry; otherwise what is wrong with it.</summary>
    public static string? Check(string origin)
    {
        if (origin == "*")
        {
            return null;
        }

        var separator = origin.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !char.IsAsciiLetter(origin[0])
            || !IsScheme(origin.AsSpan(0, separator)))
        {
            return $"'{origin}' is not an origin such as https://app.example.com, https://*.example.com or *";
        }

        var scheme = origin[..separator];
        var authority = origin[(separator + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            return $"'{origin}' has a path: an origin is scheme://host[:port] (did you mean '{origin[..(separator + 3 + end)]}'?)";
        }

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return $"'{origin}' has user information: an origin is scheme://host[:port]";
        }

        var host = authority;
        string? port = null;
        var colon = authority.LastIndexOf(':');
        if (colon >= 0 && colon > authority.LastIndexOf(']'))
        {
            host = authority[..colon];
            port = authority[(colon + 1)..];
            if (port.Length == 0 || !port.All(char.IsAsciiDigit)
                || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            {
                return $"'{origin}' has an invalid port";
            }

            if ((scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && number == 443)
                || (scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && number == 80))
            {
                return $"'{origin}' names the default port, which browsers leave out of an origin (did you mean '{scheme}://{host}'?)";
            }
        }

        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            host = host[2..];
        }

        if (host.Contains('*', StringComparison.Ordinal))
        {
            return $"'{origin}': '*' may only stand for the leftmost labels, as in https://*.example.com";
        }

        var isIPv6 = host.StartsWith('[') && host.EndsWith(']') && System.Net.IPAddress.TryParse(host[1..^1], out _);
        if (!isIPv6 && !IsLabels(host))
        {
            return $"'{origin}' has an invalid host name '{host}'";
        }

        return null;
    }
}
