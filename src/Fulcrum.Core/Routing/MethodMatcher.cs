using Microsoft.AspNetCore.Http;

namespace Fulcrum.Routing;

/// <summary>Matches the request method against a set of methods, without case. Immutable and thread-safe.</summary>
internal sealed class MethodMatcher
{
    private readonly string[] _methods;

    private MethodMatcher(string[] methods) => _methods = methods;

    public IReadOnlyList<string> Methods => _methods;

    public static MethodMatcher Create(IReadOnlyList<string> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            throw new ArgumentException("at least one method is required; omit the method matcher to match every method", nameof(methods));
        }

        var list = new List<string>(methods.Count);
        foreach (var method in methods)
        {
            if (string.IsNullOrEmpty(method) || !IsToken(method))
            {
                throw new ArgumentException($"'{method}' is not an HTTP method", nameof(methods));
            }

            // Canonical instances let HttpMethods.Equals succeed on reference equality for the strings Kestrel
            // interns, skipping the character comparison for every common method.
            var canonical = HttpMethods.GetCanonicalizedValue(method.ToUpperInvariant());
            if (!list.Exists(m => HttpMethods.Equals(m, canonical)))
            {
                list.Add(canonical);
            }
        }

        return new MethodMatcher([.. list]);
    }

    public bool IsMatch(HttpRequest request) => IsMatch(request.Method);

    public bool IsMatch(string? method)
    {
        if (method is null)
        {
            return false;
        }

        foreach (var candidate in _methods)
        {
            if (HttpMethods.Equals(candidate, method))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(", ", _methods);

    private static bool IsToken(string method)
    {
        foreach (var c in method)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
