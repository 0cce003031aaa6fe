namespace Fulcrum.Configuration.Validation;

/// <summary>Header names and values as RFC 9110 allows them, for every place config names a header.</summary>
internal static class HeaderRules
{
    public static void Name(ConfigErrors errors, string path, string name)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)))
        {
            errors.Add(path, $"'{name}' is not a valid header name");
        }
    }

    public static void Value(ConfigErrors errors, string path, string value)
    {
        if (value.Contains('\r') || value.Contains('\n') || value.Contains('\0'))
        {
            errors.Add(path, "a header value cannot contain CR, LF or NUL");
        }
    }
}
