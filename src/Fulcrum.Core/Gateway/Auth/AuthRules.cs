using Fulcrum.Configuration;

namespace Fulcrum.Gateway.Auth;

/// <summary>Checks shared by the auth policies' validation.</summary>
internal static class AuthRules
{
    /// <summary>A realm goes into a quoted challenge parameter: printable ASCII without quotes or backslashes.</summary>
    public static void Realm(ConfigErrors errors, string path, string realm)
    {
        if (realm.Length == 0 || !realm.All(c => c is >= ' ' and < '\x7f' and not '"' and not '\\'))
        {
            errors.Add(path, $"'{realm}' must be printable ASCII without quotes or backslashes");
        }
    }

    /// <summary>
    /// The directory relative paths in the config are resolved against while validating: the config file's, or the
    /// working directory for text that came from elsewhere (the admin API's dry run), as the runtime does.
    /// </summary>
    public static string BaseDirectory(ConfigErrors errors)
    {
        var file = errors.SourceMap.File;
        return File.Exists(file) ? Path.GetDirectoryName(Path.GetFullPath(file))! : Directory.GetCurrentDirectory();
    }
}
