using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway.Auth;

/// <summary>
/// Log messages of the auth policies (event ids 41xx), source-generated. No message carries a key, a token or a
/// secret: only policy names, key ids, files and URLs.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(4101, LogLevel.Information, "Policy {Policy}: {Count} API keys loaded from {File}")]
    public static partial void KeysFileLoaded(ILogger logger, string policy, int count, string file);

    [LoggerMessage(4102, LogLevel.Error, "Policy {Policy}: keys file {File} rejected, the previous keys stay in use: {Error}")]
    public static partial void KeysFileRejected(ILogger logger, string policy, string file, string error);

    [LoggerMessage(4111, LogLevel.Information, "Policy {Policy}: {Count} signing keys loaded from {Url}")]
    public static partial void SigningKeysLoaded(ILogger logger, string policy, int count, string url);

    [LoggerMessage(4112, LogLevel.Warning, "Policy {Policy}: fetching signing keys from {Url} failed, {Kept}: {Error}")]
    public static partial void SigningKeysFetchFailed(ILogger logger, string policy, string url, string kept, string error);

    [LoggerMessage(4113, LogLevel.Warning, "Policy {Policy}: signing key {KeyId} from {Url} skipped: {Reason}")]
    public static partial void SigningKeySkipped(ILogger logger, string policy, string keyId, string url, string reason);

    [LoggerMessage(4114, LogLevel.Warning, "Policy {Policy}: token validation failed unexpectedly, answered 401")]
    public static partial void TokenValidationCrashed(ILogger logger, string policy, Exception exception);
}
