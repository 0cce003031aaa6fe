using System.Security.Claims;

namespace Fulcrum.Routing;

/// <summary>
/// Claim conditions (<c>{ tier: [gold, platinum], scope: [read] }</c>) checked against a validated token's claims:
/// every named claim must hold one of its listed values. Shared by route matching (<c>match.claims</c>) and the jwt
/// policy's <c>requireClaims</c>, so both read a claim the same way. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Values compare with case (ordinal), as claim values are data. A claim that appears several times (a JSON array
/// in the token) matches when any one of its values does. <c>scope</c> and <c>scp</c> are space-separated lists
/// (RFC 8693 §4.2), so <c>scope: "read write"</c> holds both <c>read</c> and <c>write</c>. A missing claim never
/// matches.
/// </remarks>
internal sealed class ClaimsMatcher
{
    private readonly ClaimCondition[] _conditions;

    private ClaimsMatcher(ClaimCondition[] conditions) => _conditions = conditions;

    public int Count => _conditions.Length;

    /// <summary>Null when there are no conditions, so callers can skip the check with one null test.</summary>
    public static ClaimsMatcher? Compile(IReadOnlyDictionary<string, IReadOnlyList<string>> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Count == 0)
        {
            return null;
        }

        var conditions = new List<ClaimCondition>(claims.Count);
        foreach (var (name, values) in claims.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ArgumentException("a claim condition needs a name", nameof(claims));
            }

            if (values is null || values.Count == 0 || values.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"claim '{name}': give at least one non-empty value", nameof(claims));
            }

            conditions.Add(new ClaimCondition(name, [.. values], IsSpaceSeparated(name)));
        }

        return new ClaimsMatcher([.. conditions]);
    }

    public bool IsMatch(ClaimsIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        foreach (var condition in _conditions)
        {
            if (!condition.IsMatch(identity))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join("; ", _conditions.Select(c => $"claim {c.Name} in [{string.Join(", ", c.Values)}]"));

    private static bool IsSpaceSeparated(string name) => name is "scope" or "scp";

    private sealed record ClaimCondition(string Name, string[] Values, bool SpaceSeparated)
    {
        public bool IsMatch(ClaimsIdentity identity)
        {
            foreach (var claim in identity.Claims)
            {
                if (string.Equals(claim.Type, Name, StringComparison.Ordinal) && Holds(claim.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Holds(string value)
        {
            if (!SpaceSeparated)
            {
                return Values.Contains(value, StringComparer.Ordinal);
            }

            foreach (var range in value.AsSpan().Split(' '))
            {
                var item = value.AsSpan(range);
                foreach (var wanted in Values)
                {
                    if (item.SequenceEqual(wanted))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
