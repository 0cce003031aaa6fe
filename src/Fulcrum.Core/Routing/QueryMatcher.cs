using System.Buffers;
using System.Text.RegularExpressions;
using Fulcrum.Configuration;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>
/// One query-parameter condition: a value from a list (with case, as query values are data), a regular expression,
/// or presence. Names compare with case. When the parameter appears more than once, any one occurrence satisfying
/// the condition is enough. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The raw query string is parsed by hand because <see cref="HttpRequest.Query"/> builds a dictionary per request.
/// Names and values are form-decoded (<c>+</c> is a space, then <c>%xx</c> as UTF-8) only when they contain those
/// characters, into a stack buffer (or a pooled one for long values), so matching allocates nothing.
/// <c>?q</c> and <c>?q=</c> both make <c>q</c> present with an empty value.
/// </remarks>
internal sealed class QueryMatcher
{
    // Decoding needs two buffers the size of the raw text (one for '+' → ' ', one for %xx); 2 × 256 chars is 1 KiB
    // of stack, which is safe on any request thread. Longer text rents from the pool.
    private const int StackLimit = 256;

    private readonly string[]? _values;
    private readonly Regex? _regex;
    private readonly bool? _present;

    private QueryMatcher(string name, string[]? values, Regex? regex, bool? present)
    {
        Name = name;
        _values = values;
        _regex = regex;
        _present = present;
    }

    public string Name { get; }

    public static QueryMatcher Compile(QueryMatchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrEmpty(config.Name))
        {
            throw new ArgumentException("a query condition needs a name", nameof(config));
        }

        var what = $"query parameter '{config.Name}'";
        RouteConditions.RequireExactlyOne(what, config.Value, config.Values, config.Regex, config.Present);
        return new QueryMatcher(
            config.Name,
            RouteConditions.Values(what, config.Value, config.Values),
            config.Regex is null ? null : ConditionRegex.Create(config.Regex, nameof(config)),
            config.Present);
    }

    public bool IsMatch(HttpRequest request) => IsMatch(request.QueryString.Value);

    /// <param name="queryString">The raw query string, with or without its leading '?'.</param>
    public bool IsMatch(ReadOnlySpan<char> queryString)
    {
        if (!queryString.IsEmpty && queryString[0] == '?')
        {
            queryString = queryString[1..];
        }

        var rest = queryString;
        while (!rest.IsEmpty)
        {
            var ampersand = rest.IndexOf('&');
            var pair = ampersand < 0 ? rest : rest[..ampersand];
            rest = ampersand < 0 ? default : rest[(ampersand + 1)..];

            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            if (!IsNameMatch(rawName))
            {
                continue;
            }

            if (_present is { } present)
            {
                return present;
            }

            if (IsValueMatch(equals < 0 ? default : pair[(equals + 1)..]))
            {
                return true;
            }
        }

        return _present == false;
    }

    public override string ToString() => _present is { } present
        ? $"query {Name} {(present ? "present" : "absent")}"
        : _regex is not null ? $"query {Name} ~ {_regex}" : $"query {Name} in [{string.Join(", ", _values!)}]";

    private static bool NeedsDecoding(ReadOnlySpan<char> raw) => raw.ContainsAny('%', '+');

    /// <summary>Form-decodes <paramref name="raw"/> into <paramref name="buffer"/>, which holds twice its length.</summary>
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<char> raw, Span<char> buffer)
    {
        var source = raw;
        if (raw.Contains('+'))
        {
            // '+' must become a space before %xx is decoded, so that an escaped "%2B" stays a literal '+'.
            var spaced = buffer[..raw.Length];
            raw.Replace(spaced, '+', ' ');
            source = spaced;
        }

        if (!source.Contains('%'))
        {
            return source;
        }

        // Malformed escapes ("%zz", truncated UTF-8) are kept as text, as ASP.NET Core's own query parsing does.
        var target = buffer.Slice(raw.Length, raw.Length);
        return Uri.TryUnescapeDataString(source, target, out var written) ? target[..written] : source;
    }

    private bool IsNameMatch(ReadOnlySpan<char> rawName)
    {
        if (!NeedsDecoding(rawName))
        {
            return rawName.SequenceEqual(Name);
        }

        // Decoding never lengthens text, so a shorter raw name cannot decode to ours.
        if (rawName.Length < Name.Length)
        {
            return false;
        }

        char[]? rented = null;
        var buffer = rawName.Length <= StackLimit
            ? stackalloc char[StackLimit * 2]
            : (rented = ArrayPool<char>.Shared.Rent(rawName.Length * 2));
        try
        {
            return Decode(rawName, buffer).SequenceEqual(Name);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private bool IsValueMatch(ReadOnlySpan<char> rawValue)
    {
        if (!NeedsDecoding(rawValue))
        {
            return IsDecodedValueMatch(rawValue);
        }

        char[]? rented = null;
        var buffer = rawValue.Length <= StackLimit
            ? stackalloc char[StackLimit * 2]
            : (rented = ArrayPool<char>.Shared.Rent(rawValue.Length * 2));
        try
        {
            return IsDecodedValueMatch(Decode(rawValue, buffer));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private bool IsDecodedValueMatch(ReadOnlySpan<char> value)
    {
        if (_regex is not null)
        {
            return ConditionRegex.IsMatch(_regex, value);
        }

        foreach (var candidate in _values!)
        {
            if (value.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
