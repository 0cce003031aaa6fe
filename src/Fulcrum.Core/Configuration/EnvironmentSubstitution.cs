using System.Text;

namespace Fulcrum.Configuration;

/// <summary>
/// Replaces <c>${NAME}</c> and <c>${NAME:-default}</c> in scalar values; <c>$${</c> writes a literal <c>${</c>.
/// A variable that is unset and has no default is an error, not an empty string, so a typo cannot silently
/// produce an empty address or secret.
/// </summary>
internal static class EnvironmentSubstitution
{
    public static string Apply(string value, Func<string, string?> lookup, List<string> errors)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] == '$' && i + 2 < value.Length && value[i + 1] == '$' && value[i + 2] == '{')
            {
                builder.Append("${");
                i += 3;
                continue;
            }

            if (value[i] != '$' || i + 1 >= value.Length || value[i + 1] != '{')
            {
                builder.Append(value[i++]);
                continue;
            }

            var close = value.IndexOf('}', i + 2);
            if (close < 0)
            {
                errors.Add($"unterminated '${{' in '{value}'");
                return value;
            }

            var expression = value[(i + 2)..close];
            var separator = expression.IndexOf(":-", StringComparison.Ordinal);
            var name = separator < 0 ? expression : expression[..separator];
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                errors.Add($"'${{{expression}}}' is not a valid variable reference");
                return value;
            }

            var resolved = lookup(name);
            if (string.IsNullOrEmpty(resolved))
            {
                if (separator < 0)
                {
                    errors.Add($"environment variable '{name}' is not set and has no default (write ${{{name}:-default}})");
                    return value;
                }

                resolved = expression[(separator + 2)..];
            }

            builder.Append(resolved);
            i = close + 1;
        }

        return builder.ToString();
    }
}
