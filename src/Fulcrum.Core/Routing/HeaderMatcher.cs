using System.Text.RegularExpressions;
using Fulcrum.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Fulcrum.Routing;

/// <summary>
/// One header condition: a value from a list (without case), a regular expression, or presence. When the header
/// arrives more than once, any one value satisfying the condition is enough. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Each field value is compared whole; a comma-separated list inside one field is not split, because where commas
/// separate items is header-specific (quoted strings, dates) and guessing would make some values unmatchable.
/// </remarks>
internal sealed class HeaderMatcher
{
    private readonly string[]? _values;
    private readonly Regex? _regex;
    private readonly bool? _present;

    private HeaderMatcher(string name, string[]? values, Regex? regex, bool? present)
    {
        Name = name;
        _values = values;
        _regex = regex;
        _present = present;
    }

    public string Name { get; }

    public static HeaderMatcher Compile(HeaderMatchConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrEmpty(config.Name))
        {
            throw new ArgumentException("a header condition needs a name", nameof(config));
        }

        var what = $"header '{config.Name}'";
        RouteConditions.RequireExactlyOne(what, config.Value, config.Values, config.Regex, config.Present);
        return new HeaderMatcher(
            config.Name,
            RouteConditions.Values(what, config.Value, config.Values),
            config.Regex is null ? null : ConditionRegex.Create(config.Regex, nameof(config)),
            config.Present);
    }

    public bool IsMatch(HttpRequest request) => IsMatch(request.Headers);

    public bool IsMatch(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(Name, out var values))
        {
            return _present == false;
        }

        if (_present is { } present)
        {
            return present;
        }

        // Indexing StringValues rather than enumerating keeps the loop free of enumerator state.
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value is not null && IsValueMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => _present is { } present
        ? $"header {Name} {(present ? "present" : "absent")}"
        : _regex is not null ? $"header {Name} ~ {_regex}" : $"header {Name} in [{string.Join(", ", _values!)}]";

    private bool IsValueMatch(string value)
    {
        if (_regex is not null)
        {
            return ConditionRegex.IsMatch(_regex, value);
        }

        foreach (var candidate in _values!)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
