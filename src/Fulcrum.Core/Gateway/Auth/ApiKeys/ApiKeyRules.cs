namespace Fulcrum.Gateway.Auth.ApiKeys;

/// <summary>What a key entry must look like, inline or in a keys file.</summary>
internal static class ApiKeyRules
{
    public const int MaxIdLength = 128;

    public const string DigestProblem = "sha256 must be 64 hex digits, the SHA-256 of the key (printf %s \"$KEY\" | sha256sum)";

    /// <summary>
    /// Ids are forwarded in a header, logged and used as rate-limit partitions, so they are short visible ASCII.
    /// </summary>
    public static string? IdProblem(string id)
    {
        if (id.Length == 0)
        {
            return "an id is required";
        }

        if (id.Length > MaxIdLength || !id.All(c => c is > ' ' and < '\x7f'))
        {
            return $"id '{Printable(id)}' must be 1 to {MaxIdLength} visible ASCII characters (no spaces)";
        }

        return null;
    }

    private static string Printable(string text) =>
        new([.. text.Take(MaxIdLength).Select(c => c is >= ' ' and < '\x7f' ? c : '?')]);
}
