using Microsoft.Extensions.Primitives;

namespace Fulcrum.Gateway.Cors;

/// <summary>
/// Checks a preflight's <c>Access-Control-Request-Headers</c> (a comma-separated list, possibly over several
/// lines) against the allowed names, span by span: no split, no allocation, linear in the header's length,
/// which the listener already bounds. Every name must be a valid token, so what is echoed back is clean even
/// when any name is allowed. Immutable and thread-safe.
/// </summary>
internal sealed class RequestedHeaders
{
    /// <summary>CORS-safelisted request headers: a browser may name them, and they are always allowed.</summary>
    private static readonly string[] Safelisted = ["Accept", "Accept-Language", "Content-Language"];

    private readonly bool _any;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _allowed;

    private RequestedHeaders(bool any, HashSet<string> allowed)
    {
        _any = any;
        _allowed = allowed.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public static RequestedHeaders Create(IReadOnlyList<string> allowed) => new(
        allowed.Contains("*"),
        new HashSet<string>(allowed.Where(name => name != "*").Concat(Safelisted), StringComparer.OrdinalIgnoreCase));

    public bool AllAllowed(StringValues requested)
    {
        foreach (var line in requested)
        {
            var rest = line.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var name = (comma < 0 ? rest : rest[..comma]).Trim(" \t");
                rest = comma < 0 ? default : rest[(comma + 1)..];
                if (name.IsEmpty)
                {
                    continue;
                }

                if (!IsToken(name) || !(_any || _allowed.Contains(name)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>RFC 9110 token characters: what a header name may be made of.</summary>
    private static bool IsToken(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "!#$%&'*+-.^_`|~".IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
