using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fulcrum.Routing;

/// <summary>
/// Matches the request's host against exact names and <c>*.example.com</c> wildcards, without case and without the
/// port. Immutable after construction, so one instance is shared by every request thread.
/// </summary>
/// <remarks>
/// Hosts are compared in the form the client sent them: the raw Host header is read rather than
/// <see cref="HttpRequest.Host"/>, because <see cref="HostString"/> rewrites punycode to Unicode (allocating, and
/// depending on IDN support that invariant globalization does not promise). Configure international names in their
/// <c>xn--</c> form. IPv6 literals are compared without their brackets and textually (<c>::1</c> and
/// <c>0:0::1</c> differ).
/// </remarks>
internal sealed class HostMatcher
{
    private readonly string[] _exactHosts;

    // Each suffix keeps its leading dot ("*.example.com" → ".example.com") so that an EndsWith also proves the
    // label boundary: "badexample.com" cannot match.
    private readonly string[] _wildcardSuffixes;

    private HostMatcher(string[] exactHosts, string[] wildcardSuffixes)
    {
        _exactHosts = exactHosts;
        _wildcardSuffixes = wildcardSuffixes;
        LongestWildcardSuffix = 0;
        foreach (var suffix in wildcardSuffixes)
        {
            LongestWildcardSuffix = Math.Max(LongestWildcardSuffix, suffix.Length);
        }
    }

    /// <summary>Normalized exact host names (no brackets, no trailing dot); the route table buckets by these.</summary>
    public IReadOnlyList<string> ExactHosts => _exactHosts;

    public bool HasExactHosts => _exactHosts.Length > 0;

    public bool HasWildcards => _wildcardSuffixes.Length > 0;

    /// <summary>Length of the longest wildcard suffix; a longer suffix names a narrower set of hosts.</summary>
    public int LongestWildcardSuffix { get; }

    /// <summary>Compiles host patterns; throws <see cref="ArgumentException"/> for anything that is not a host name.</summary>
    public static HostMatcher Create(IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.Count == 0)
        {
            throw new ArgumentException("at least one host is required; omit the host matcher to match every host", nameof(hosts));
        }

        var exact = new List<string>();
        var wildcards = new List<string>();
        foreach (var host in hosts)
        {
            if (host is null)
            {
                throw new ArgumentException("a host cannot be null", nameof(hosts));
            }

            var isWildcard = host.StartsWith("*.", StringComparison.Ordinal);
            var raw = isWildcard ? host.AsSpan(2) : host.AsSpan();

            // A port here would be silently ignored by matching, so a route meant for one port would take them all.
            if (HasPort(raw))
            {
                throw new ArgumentException($"'{host}' has a port; hosts match on the name alone", nameof(hosts));
            }

            var name = Normalize(raw);
            if (name.IsEmpty || name.ContainsAny('*', '/', ' ') || name.StartsWith('.') || name.Contains("..", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{host}' is not a host name or a wildcard such as *.example.com", nameof(hosts));
            }

            if (isWildcard)
            {
                AddDistinct(wildcards, string.Concat(".", name));
            }
            else
            {
                AddDistinct(exact, name.ToString());
            }
        }

        return new HostMatcher([.. exact], [.. wildcards]);
    }

    /// <summary>
    /// The request's host name without port, brackets or trailing dot; empty when there is no usable Host header.
    /// Allocation-free: the result is a slice of the header string.
    /// </summary>
    public static ReadOnlySpan<char> GetRequestHost(HttpRequest request)
    {
        // More than one Host header is malformed (Kestrel answers 400); treating it as "no host" avoids the string
        // StringValues.ToString() would join.
        StringValues header = request.Headers.Host;
        return header.Count == 1 ? Normalize(header[0]) : default;
    }

    /// <summary>Strips the port, IPv6 brackets and one trailing dot (the fully qualified form names the same host).</summary>
    public static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> authority)
    {
        authority = authority.Trim();
        if (authority.IsEmpty)
        {
            return authority;
        }

        ReadOnlySpan<char> host;
        if (authority[0] == '[')
        {
            var close = authority.IndexOf(']');
            host = close < 0 ? authority[1..] : authority[1..close];
        }
        else
        {
            var colon = authority.IndexOf(':');

            // Two or more colons without brackets can only be a bare IPv6 literal, which has no port to remove.
            host = colon >= 0 && authority.LastIndexOf(':') == colon ? authority[..colon] : authority;
        }

        return host.Length > 1 && host[^1] == '.' ? host[..^1] : host;
    }

    public bool IsMatch(HttpRequest request) => IsMatch(GetRequestHost(request));

    /// <param name="host">A host already passed through <see cref="Normalize"/>.</param>
    public bool IsMatch(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty)
        {
            return false;
        }

        foreach (var exact in _exactHosts)
        {
            if (host.Equals(exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var suffix in _wildcardSuffixes)
        {
            // The label(s) before the suffix must be non-empty: "*.example.com" does not match "example.com" or
            // ".example.com".
            if (host.Length > suffix.Length
                && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && host[0] != '.'
                && host[host.Length - suffix.Length - 1] != '.')
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString()
    {
        var parts = new List<string>(_exactHosts);
        foreach (var suffix in _wildcardSuffixes)
        {
            parts.Add("*" + suffix);
        }

        return string.Join(", ", parts);
    }

    private static bool HasPort(ReadOnlySpan<char> authority)
    {
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close >= 0 && close < authority.Length - 1;
        }

        // One colon is a port; two or more make a bare IPv6 literal.
        var colon = authority.IndexOf(':');
        return colon >= 0 && authority.LastIndexOf(':') == colon;
    }

    private static void AddDistinct(List<string> list, string value)
    {
        foreach (var existing in list)
        {
            if (string.Equals(existing, value, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        list.Add(value);
    }
}
