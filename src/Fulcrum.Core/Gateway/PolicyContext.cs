using Microsoft.Extensions.Logging;

namespace Fulcrum.Gateway;

/// <summary>What policies may need when they are compiled: time, logging, and the config's shared stores.</summary>
internal sealed class PolicyContext
{
    public required TimeProvider Time { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>The config file's directory, for relative paths such as <c>keysFile</c>.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>The config's <c>stores</c> section, for policies that share state across instances.</summary>
    public required Configuration.GatewayConfig Root { get; init; }
}
