using System.Text.RegularExpressions;

namespace Fulcrum.Routing;

/// <summary>
/// Builds and runs the regular expressions of header and query conditions. Their inputs come from clients, so a
/// pattern must not let a crafted value burn CPU: the non-backtracking engine runs in linear time and is used
/// whenever the pattern allows; patterns it cannot run (backreferences, lookarounds) fall back to the backtracking
/// engine under a timeout.
/// </summary>
/// <remarks>
/// Patterns are unanchored, as .NET regexes are: write <c>^…$</c> to match a whole value. <c>IsMatch</c> on a span
/// allocates nothing once warm; a <see cref="Regex"/> caches one runner, so under contention a concurrent call may
/// allocate a second.
/// </remarks>
internal static class ConditionRegex
{
    // Generous next to the microseconds a sane header needs, so a busy machine never fails an honest match, yet
    // short enough that a hostile value cannot hold a thread for long.
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(250);

    public static Regex Create(string pattern, string paramName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Same language, different engine: NonBacktracking rejects only constructs, not meanings, so results
            // match what the validator compiled.
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid regular expression '{pattern}': {e.Message}", paramName, e);
        }

        try
        {
            // Interpreted, not Compiled: the compiled form is JIT-ed on its first match, which under load can eat
            // the whole timeout and fail the first requests after a reload. These patterns are the rare case.
            return new Regex(pattern, RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"invalid regular expression '{pattern}': {e.Message}", paramName, e);
        }
    }

    public static bool IsMatch(Regex regex, ReadOnlySpan<char> input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            // A value that takes this long is hostile or pathological; failing the condition is the safe answer.
            return false;
        }
    }
}
